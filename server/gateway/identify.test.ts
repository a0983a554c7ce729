import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../core/api-key";
import type { DbHandle } from "../db/client";
import { apiKeys } from "../db/schema";
import { createKey } from "../services/keys/create-key";
import { createUser } from "../services/users/create-user";
import { openTrpcTestDb } from "../testing/trpc";
import { cachedKeyCounts, identify } from "./identify";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

async function newKey() {
  const user = await createUser(handle.db, { email: `identify-${crypto.randomUUID().slice(0, 8)}@example.test` });
  return createKey(handle.db, { userId: user.id });
}

const refusedWith = (call: Promise<unknown>) =>
  call.then(
    () => "accepted",
    (err: { status: number }) => err.status,
  );

describe("the API key cache", () => {
  it("keeps made-up keys to a small cache of their own: a flood neither grows memory nor evicts real keys", async () => {
    const { key } = await newKey();
    await identify(`Bearer ${key}`);
    const before = cachedKeyCounts();
    expect(before.usable).toBeGreaterThanOrEqual(1);

    const made = Array.from({ length: 1_500 }, () => generateApiKey());
    for (let i = 0; i < made.length; i += 100) {
      const refusals = await Promise.all(made.slice(i, i + 100).map((k) => refusedWith(identify(`Bearer ${k}`))));
      expect(new Set(refusals)).toEqual(new Set([401]));
    }

    const after = cachedKeyCounts();
    expect(after.refused).toBeLessThanOrEqual(1_000);
    expect(after.usable).toBe(before.usable);
    expect((await identify(`Bearer ${key}`)).keyId).toBeTruthy();
  });

  it("forgets a refusal within about 2 s: a key enabled again works soon", async () => {
    const { key, record } = await newKey();
    await handle.db.update(apiKeys).set({ disabledAt: new Date() }).where(eq(apiKeys.id, record.id));
    expect(await refusedWith(identify(`Bearer ${key}`))).toBe(401);
    await handle.db.update(apiKeys).set({ disabledAt: null }).where(eq(apiKeys.id, record.id));
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await identify(`Bearer ${key}`)).keyId).toBe(record.id);
  });
});
