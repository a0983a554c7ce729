import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { requests, users } from "../../db/schema";
import { insertRequests } from "../../gateway/insert-requests";
import { createUser } from "../../services/users/create-user";
import { errorOf, openTrpcTestDb } from "../../testing/trpc";
import { createCaller } from "../root";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const PASSWORD = "the current password";

async function userWithPassword() {
  const user = await createUser(handle.db, {
    email: `account-${crypto.randomUUID().slice(0, 8)}@example.test`,
    password: PASSWORD,
    emailVerified: new Date(),
  });
  return createCaller({ db: handle.db, user: { id: user.id, email: user.email, role: "user" }, source: { ip: `ip-${user.id}` } });
}

describe("account: current-password checks are limited", () => {
  it("after 5 checks in 15 minutes changePassword refuses even the right password", async () => {
    const caller = await userWithPassword();
    for (let i = 0; i < 5; i++) {
      const wrong = await errorOf(caller.account.changePassword({ current: `guess-${i}`, next: "a new password" }));
      expect(wrong.message).toBe("wrong_password");
    }
    const limited = await errorOf(caller.account.changePassword({ current: PASSWORD, next: "a new password" }));
    expect([limited.code, limited.message]).toEqual(["TOO_MANY_REQUESTS", "too_many_attempts"]);
  });

  it("account deletion shares that limit, and a limited delete deletes nothing", async () => {
    const caller = await userWithPassword();
    for (let i = 0; i < 3; i++) await errorOf(caller.account.changePassword({ current: `guess-${i}`, next: "a new password" }));
    for (let i = 0; i < 2; i++) expect((await errorOf(caller.account.delete({ password: `guess-${i}` }))).message).toBe("wrong_password");
    const limited = await errorOf(caller.account.delete({ password: PASSWORD }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    const me = await caller.account.me();
    expect(await handle.db.select({ id: users.id }).from(users).where(eq(users.id, me.id))).toHaveLength(1);
  });

  it("the right password within the limit still works", async () => {
    const caller = await userWithPassword();
    await errorOf(caller.account.changePassword({ current: "guess", next: "a new password" }));
    expect(await caller.account.changePassword({ current: PASSWORD, next: "a new password" })).toEqual({ ok: true });
  });
});

describe("account: deletion", () => {
  it("deletes the account's request log with it (the log has no foreign key), and nobody else's", async () => {
    const caller = await userWithPassword();
    const other = await userWithPassword();
    const [me, them] = [await caller.account.me(), await other.account.me()];
    const row = (userId: string) => ({ id: `req_${crypto.randomUUID()}`, userId, endpoint: "chat", model: "m", status: 200, latencyMs: 1 });
    await insertRequests(handle.db, [row(me.id), row(me.id), row(them.id)]);
    expect(await caller.account.delete({ password: PASSWORD })).toEqual({ ok: true });
    const left = async (id: string) => (await handle.db.select({ id: requests.id }).from(requests).where(eq(requests.userId, id))).length;
    expect(await left(me.id)).toBe(0);
    expect(await left(them.id)).toBe(1);
    expect(await handle.db.select({ id: users.id }).from(users).where(eq(users.id, me.id))).toHaveLength(0);
  });
});
