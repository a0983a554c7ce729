import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { apiKeys } from "../../db/schema";
import { flushLastUsed } from "../../gateway/identify";
import { createKey } from "../keys/create-key";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { getPlaygroundPrincipal, PLAYGROUND_KEY_NAME } from "./get-playground-principal";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle.close());

const playgroundKeys = (userId: string) =>
  handle.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), eq(apiKeys.name, PLAYGROUND_KEY_NAME)));

describe("getPlaygroundPrincipal", () => {
  it("creates the Playground key once per user, even with 10 concurrent first calls", async () => {
    const { user } = await createTestUser(handle);
    const principals = await Promise.all(Array.from({ length: 10 }, () => getPlaygroundPrincipal(handle.db, user.id)));
    const keys = await playgroundKeys(user.id);
    expect(keys).toHaveLength(1);
    for (const principal of principals) expect(principal).toEqual({ userId: user.id, keyId: keys[0]!.id, rpm: null, allowedModels: null });
    expect(await getPlaygroundPrincipal(handle.db, user.id)).toEqual(principals[0]);
  });

  it("marks the Playground key used, as the gateway does for any key", async () => {
    const { user } = await createTestUser(handle);
    const { keyId } = await getPlaygroundPrincipal(handle.db, user.id);
    await flushLastUsed();
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(key!.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - key!.lastUsedAt!.getTime()).toBeLessThan(60_000);
  });

  it("keeps each user's key apart and ignores the user's other keys", async () => {
    const a = await createTestUser(handle);
    const b = await createTestUser(handle);
    await createKey(handle.db, { userId: a.user.id, name: "default", rpm: 5, allowedModels: ["gigachat/GigaChat-2"] });
    const [pa, pb] = await Promise.all([getPlaygroundPrincipal(handle.db, a.user.id), getPlaygroundPrincipal(handle.db, b.user.id)]);
    expect(pa.keyId).not.toBe(pb.keyId);
    expect(pa).toMatchObject({ userId: a.user.id, rpm: null, allowedModels: null });
    expect((await playgroundKeys(a.user.id))[0]!.id).toBe(pa.keyId);
    expect((await playgroundKeys(b.user.id))[0]!.id).toBe(pb.keyId);
  });

  it("makes a new key after the Playground key is revoked, and refuses while it is disabled", async () => {
    const { user } = await createTestUser(handle);
    const first = await getPlaygroundPrincipal(handle.db, user.id);
    await handle.db.update(apiKeys).set({ disabledAt: new Date() }).where(eq(apiKeys.id, first.keyId));
    await expect(getPlaygroundPrincipal(handle.db, user.id)).rejects.toThrow(/disabled/);
    await handle.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, first.keyId));
    const second = await getPlaygroundPrincipal(handle.db, user.id);
    expect(second.keyId).not.toBe(first.keyId);
    expect(await playgroundKeys(user.id)).toHaveLength(2);
  });
});
