import { count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { RequestRecord } from "../core/request-record";
import { getDb } from "../db";
import { requests } from "../db/schema";
import { startTestApi, type TestApi } from "../testing/api-server";
import * as inserts from "./insert-requests";
import { flushRequests, recordRequest } from "./recorder";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
afterEach(() => vi.restoreAllMocks());

const rows = (userId: string, n: number, from = 0): RequestRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `req_batching_${userId}_${from + i}`,
    userId,
    keyId: "key_batching",
    endpoint: "chat.completions",
    model: "mts/qwen3-32b",
    status: 200,
    latencyMs: 1,
  }));
const rowsOf = async (userId: string) => {
  const [row] = await (await getDb()).select({ n: count() }).from(requests).where(eq(requests.userId, userId));
  return row!.n;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the request log's batches", () => {
  it("writes the rows recorded during an insert with the next batch, not in an insert of their own right after it", async () => {
    await flushRequests();
    const userId = `usr_batching_${crypto.randomUUID()}`;
    const write = inserts.insertRequests;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const insert = vi.spyOn(inserts, "insertRequests").mockImplementationOnce(async (db, batch) => {
      await gate;
      return write(db, batch);
    });
    // The 200th row fills a batch: it is written at once. Rows that come while it is written wait for the next flush.
    for (const row of rows(userId, 200)) recordRequest(row);
    await vi.waitFor(() => expect(insert).toHaveBeenCalledTimes(1));
    for (const row of rows(userId, 150, 200)) recordRequest(row);
    open();
    await insert.mock.results[0]!.value;
    await sleep(50);
    expect(insert).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(insert).toHaveBeenCalledTimes(2), { timeout: 2_000 });
    expect(insert.mock.calls.map(([, batch]) => batch.length)).toEqual([200, 150]);
    await flushRequests();
    expect(await rowsOf(userId)).toBe(350);
  });

  it("after a failed insert, waits for the retry instead of trying again for every row recorded", async () => {
    await flushRequests();
    const userId = `usr_batching_${crypto.randomUUID()}`;
    const insert = vi.spyOn(inserts, "insertRequests").mockRejectedValueOnce(new Error("database unreachable"));
    for (const row of rows(userId, 200)) recordRequest(row);
    await expect.poll(() => insert.mock.settledResults[0]?.type).toBe("rejected");
    for (const row of rows(userId, 100, 200)) recordRequest(row);
    await sleep(100);
    expect(insert).toHaveBeenCalledTimes(1);
    // A stop (or the retry) writes everything, the failed batch included, once.
    await flushRequests();
    expect(await rowsOf(userId)).toBe(300);
  });
});
