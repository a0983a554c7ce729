import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { feedback, requests } from "../../db/schema";
import type { FeedbackView, Rating } from "./types";

export interface RateOptions {
  /**
   * How long to wait for the request's row: the gateway records requests in batches, up to ~250 ms after the
   * answer, and the playground offers thumbs as soon as the stream ends.
   */
  waitMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The owner of a recorded request, waiting up to `waitMs` for the row to land; undefined when it never does. */
async function requestOwner(db: Db, requestId: string, { waitMs = 1_000, pollMs = 50 }: RateOptions): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [row] = await db.select({ userId: requests.userId }).from(requests).where(eq(requests.id, requestId));
    if (row) return row.userId;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(pollMs, left));
  }
}

/**
 * Records (or changes) the user's thumbs up/down on one of their own requests. Null when the request is not
 * the user's (or is not recorded within `waitMs`): callers answer NOT_FOUND either way.
 */
export async function rateRequest(db: Db, userId: string, requestId: string, rating: Rating, options: RateOptions = {}): Promise<FeedbackView | null> {
  const owner = await requestOwner(db, requestId, options);
  if (owner !== userId) return null;
  const [row] = await db
    .insert(feedback)
    .values({ requestId, userId, rating })
    .onConflictDoUpdate({
      target: feedback.requestId,
      set: { rating, updatedAt: sql`now()` },
      // The request is the user's, so any existing rating is too; the guard keeps it that way regardless.
      setWhere: eq(feedback.userId, userId),
    })
    .returning({ requestId: feedback.requestId, rating: feedback.rating, updatedAt: feedback.updatedAt });
  return row ? { requestId: row.requestId, rating: row.rating as Rating, updatedAt: row.updatedAt } : null;
}
