import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { newId } from "../../ids";
import { addCredits } from "../../services/credits/add-credits";
import { createKey } from "../../services/keys/create-key";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle.close());

const code = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "OK";
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
};

describe("admin router", () => {
  it("refuses every procedure to a user who is not an admin", async () => {
    const { caller, user } = await createTestUser(handle);
    expect(await code(caller.admin.users({}))).toBe("FORBIDDEN");
    expect(await code(caller.admin.user({ id: user.id }))).toBe("FORBIDDEN");
    expect(await code(caller.admin.setUserDisabled({ id: user.id, disabled: true }))).toBe("FORBIDDEN");
  });

  it("lists users with their key count, shows a user's keys and balance, and disables them", async () => {
    const admin = await createTestUser(handle, "admin");
    const { user } = await createTestUser(handle);
    await createKey(handle.db, { userId: user.id, name: "one" });
    await createKey(handle.db, { userId: user.id, name: "two" });
    await addCredits(handle.db, { userId: user.id, amountMicro: 7_000_000, kind: "adjustment" });

    const list = await admin.caller.admin.users({ search: user.email });
    expect(list.users).toHaveLength(1);
    expect(list.users[0]).toMatchObject({ id: user.id, keys: 2, balanceMicro: 7_000_000 });

    const detail = await admin.caller.admin.user({ id: user.id });
    expect(detail.keys.map((k) => k.name).sort()).toEqual(["one", "two"]);
    expect(detail.ledger[0]).toMatchObject({ amountMicro: 7_000_000 });
    expect(JSON.stringify(detail)).not.toMatch(/"hash"/);

    await admin.caller.admin.setUserDisabled({ id: user.id, disabled: true });
    expect((await admin.caller.admin.user({ id: user.id })).user.disabledAt).toBeInstanceOf(Date);
    await admin.caller.admin.setUserDisabled({ id: user.id, disabled: false });
    expect((await admin.caller.admin.user({ id: user.id })).user.disabledAt).toBeNull();
  });

  it("answers NOT_FOUND for an unknown user and refuses to disable oneself", async () => {
    const admin = await createTestUser(handle, "admin");
    expect(await code(admin.caller.admin.user({ id: newId("usr") }))).toBe("NOT_FOUND");
    expect(await code(admin.caller.admin.setUserDisabled({ id: newId("usr"), disabled: true }))).toBe("NOT_FOUND");
    expect(await code(admin.caller.admin.setUserDisabled({ id: admin.user.id, disabled: true }))).toBe("BAD_REQUEST");
  });
});
