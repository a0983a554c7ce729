import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db";
import { storedResponses } from "../../db/schema";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { purgeExpiredResponses } from "./purge-responses";
import { findResponses } from "./stored-responses";

let api: TestApi;

beforeAll(async () => {
  // A retention of 2 days: rows are aged by hand below.
  api = await startTestApi({ XROUTER_RESPONSES_RETENTION_DAYS: "2" });
});
afterAll(() => api.close());

const DAY_MS = 24 * 60 * 60 * 1000;

describe("the retention of stored responses", () => {
  it("hides responses past the retention period at once and purges their rows, keeping younger ones", async () => {
    const { userId, key } = await createTestKey();
    const db = await getDb();
    const tag = crypto.randomUUID().slice(0, 8);
    const row = (id: string, ageDays: number) => ({
      id: `resp_${tag}${id}`,
      userId,
      response: { id: `resp_${tag}${id}`, object: "response", output: [] },
      input: [],
      createdAt: new Date(Date.now() - ageDays * DAY_MS),
    });
    await db.insert(storedResponses).values([row("old", 3), row("young", 1)]);

    const found = await findResponses(db, userId, [`resp_${tag}old`, `resp_${tag}young`]);
    expect([...found.keys()]).toEqual([`resp_${tag}young`]);
    const res = await fetch(`${api.baseURL}/responses/resp_${tag}old`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(404);

    expect(await purgeExpiredResponses(db)).toBeGreaterThanOrEqual(1);
    const left = await db.select({ id: storedResponses.id }).from(storedResponses).where(eq(storedResponses.userId, userId));
    expect(left.map((r) => r.id)).toEqual([`resp_${tag}young`]);
  });
});
