import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { requests } from "../../db/schema";
import { newId } from "../../ids";
import { createKey } from "../../services/keys/create-key";
import { createTestUser, errorCode, openTrpcTestDb } from "../../testing/trpc";

let handle: DbHandle;
let a: Awaited<ReturnType<typeof createTestUser>>;
let b: Awaited<ReturnType<typeof createTestUser>>;
let keyA: string;
let keyB: string;
const range = { from: "2025-04-01", to: "2025-04-02" };

type Row = typeof requests.$inferInsert;
const row = (userId: string, keyId: string, at: string, extra: Partial<Row>): Row => ({
  id: newId("req"),
  userId,
  keyId,
  endpoint: "/v1/chat/completions",
  model: "gigachat/GigaChat-2",
  provider: "gigachat",
  status: 200,
  latencyMs: 10,
  createdAt: new Date(at),
  ...extra,
});

beforeAll(async () => {
  handle = await openTrpcTestDb();
  a = await createTestUser(handle);
  b = await createTestUser(handle);
  keyA = (await createKey(handle.db, { userId: a.user.id, name: "cached" })).record.id;
  keyB = (await createKey(handle.db, { userId: b.user.id, name: "b" })).record.id;
  await handle.db.insert(requests).values([
    row(a.user.id, keyA, "2025-04-01T10:00:00Z", { cache: "miss", costMicro: 1_200_000 }),
    row(a.user.id, keyA, "2025-04-01T10:01:00Z", { cache: "hit", costMicro: 0, savedMicro: 1_200_000 }),
    row(a.user.id, keyA, "2025-04-01T10:02:00Z", { cache: "hit", costMicro: 300_000, savedMicro: 900_000 }),
    row(a.user.id, keyA, "2025-04-01T10:03:00Z", { cache: "bypass", costMicro: 1_200_000 }),
    // Not cacheable: left out of the ratio.
    row(a.user.id, keyA, "2025-04-02T09:00:00Z", { costMicro: 500_000 }),
    // Outside the range.
    row(a.user.id, keyA, "2025-04-03T00:00:00Z", { cache: "hit", savedMicro: 7_000_000 }),
    // Another user's hits.
    row(b.user.id, keyB, "2025-04-01T10:00:00Z", { cache: "hit", savedMicro: 9_000_000 }),
  ]);
});
afterAll(() => handle?.close());

describe("usage: the response cache", () => {
  it("summary counts hits over cacheable requests and sums what the hits saved, in the range", async () => {
    const s = await a.caller.usage.summary(range);
    expect(s.totals.requests).toBe(5);
    expect(s.cache).toEqual({ cacheable: 4, hits: 2, savedMicro: 2_100_000 });
  });

  it("follows the filters: a day without cacheable requests has none", async () => {
    expect((await a.caller.usage.summary({ from: "2025-04-02", to: "2025-04-02" })).cache).toEqual({ cacheable: 0, hits: 0, savedMicro: 0 });
    expect((await a.caller.usage.summary({ ...range, keyId: keyA })).cache).toEqual({ cacheable: 4, hits: 2, savedMicro: 2_100_000 });
  });

  it("recent rows say which answers came from the cache and what each saved", async () => {
    const { items } = (await a.caller.usage.recent(range))!;
    expect(items.map((item) => [item.cache, item.savedMicro])).toEqual([
      [null, 0],
      ["bypass", 0],
      ["hit", 900_000],
      ["hit", 1_200_000],
      ["miss", 0],
    ]);
  });

  it("another user sees none of it, and cannot filter by the key", async () => {
    expect((await b.caller.usage.summary(range)).cache).toEqual({ cacheable: 1, hits: 1, savedMicro: 9_000_000 });
    expect(await errorCode(b.caller.usage.summary({ ...range, keyId: keyA }))).toBe("NOT_FOUND");
    expect(await errorCode(b.caller.usage.recent({ ...range, keyId: keyA }))).toBe("NOT_FOUND");
  });
});
