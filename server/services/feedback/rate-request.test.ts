import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { feedback, requests } from "../../db/schema";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { rateRequest } from "./rate-request";
import { feedbackInputSchema } from "./types";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle.close());

const requestRow = (userId: string) => ({
  id: `req_feedback_${crypto.randomUUID().replaceAll("-", "")}`,
  userId,
  endpoint: "chat.completions",
  model: "gigachat/GigaChat-2",
  status: 200,
  latencyMs: 100,
});

const ratingsOf = (requestId: string) => handle.db.select().from(feedback).where(eq(feedback.requestId, requestId));

describe("rateRequest", () => {
  it("rates the user's own request, and a second rating changes it (one row per request)", async () => {
    const { user } = await createTestUser(handle);
    const row = requestRow(user.id);
    await handle.db.insert(requests).values(row);

    const up = await rateRequest(handle.db, user.id, row.id, 1);
    expect(up).toMatchObject({ requestId: row.id, rating: 1 });
    const down = await rateRequest(handle.db, user.id, row.id, -1);
    expect(down).toMatchObject({ requestId: row.id, rating: -1 });
    expect(down!.updatedAt.getTime()).toBeGreaterThanOrEqual(up!.updatedAt.getTime());

    const rows = await ratingsOf(row.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: user.id, rating: -1 });
  });

  it("is NOT_FOUND (null) for another user's request and leaves its rating alone", async () => {
    const { user: owner } = await createTestUser(handle);
    const { user: other } = await createTestUser(handle);
    const row = requestRow(owner.id);
    await handle.db.insert(requests).values(row);
    await rateRequest(handle.db, owner.id, row.id, 1);

    const startedAt = Date.now();
    expect(await rateRequest(handle.db, other.id, row.id, -1)).toBeNull();
    // An existing row owned by someone else is refused at once, without waiting for it to be recorded.
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(await ratingsOf(row.id)).toEqual([expect.objectContaining({ userId: owner.id, rating: 1 })]);
  });

  it("waits briefly for a request row that is still being recorded, and refuses one that never lands", async () => {
    const { user } = await createTestUser(handle);
    const late = requestRow(user.id);
    const landing = new Promise<void>((resolve) => setTimeout(() => void handle.db.insert(requests).values(late).then(() => resolve()), 250));
    expect(await rateRequest(handle.db, user.id, late.id, 1)).toMatchObject({ requestId: late.id, rating: 1 });
    await landing;

    const missing = requestRow(user.id).id;
    const startedAt = Date.now();
    expect(await rateRequest(handle.db, user.id, missing, 1, { waitMs: 200 })).toBeNull();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    expect(await ratingsOf(missing)).toEqual([]);
  });

  it("validates the route's body", () => {
    expect(feedbackInputSchema.safeParse({ requestId: "req_abc", rating: 1 }).success).toBe(true);
    expect(feedbackInputSchema.safeParse({ requestId: "req_abc", rating: -1 }).success).toBe(true);
    expect(feedbackInputSchema.safeParse({ requestId: "req_abc", rating: 0 }).success).toBe(false);
    expect(feedbackInputSchema.safeParse({ requestId: "req_abc", rating: 2 }).success).toBe(false);
    expect(feedbackInputSchema.safeParse({ requestId: "abc", rating: 1 }).success).toBe(false);
    expect(feedbackInputSchema.safeParse({ rating: 1 }).success).toBe(false);
  });
});
