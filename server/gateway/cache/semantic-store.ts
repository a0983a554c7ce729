import { eq, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "../../db";
import { semanticCacheEntries } from "../../db/schema";
import type { CacheScope } from "./cache-key";

/** Expired rows a write deletes on its way (anywhere), so the table stays near its live size without a sweeper. */
const SWEEP_ROWS = 100;

/** Where a semantic lookup looked: on a miss, the kept answer's embedding row is written there. */
export interface SemanticSlot {
  userId: string;
  /** The exact cache namespace's prefix and its versions at the lookup. */
  scope: string;
  versions: string;
  bucket: string;
  model: string;
  embedding: number[];
  /** The exact cache key hash of the request: where its answer is kept. */
  answerHash: string;
}

/** Writes an answer's embedding row, living as long as the answer, and deletes a few expired rows. */
export async function keepSemanticEntry(slot: SemanticSlot, ttlSeconds: number): Promise<void> {
  const db = await getDb();
  const t = semanticCacheEntries;
  await db.insert(t).values({ ...slot, expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
  const expired = db.select({ id: t.id }).from(t).where(lt(t.expiresAt, sql`now()`)).limit(SWEEP_ROWS);
  await db.delete(t).where(inArray(t.id, expired));
}

/**
 * Deletes a purged scope's rows (a purge already hid them: their versions are no longer current). A user's
 * namespace includes the user's non-sharing keys', as in the exact cache.
 */
export async function purgeSemanticScope(scope: CacheScope, userId: string): Promise<void> {
  const t = semanticCacheEntries;
  await (await getDb()).delete(t).where(scope.kind === "user" ? eq(t.userId, userId) : eq(t.scope, scope.prefix));
}

/** Deletes every user's rows. */
export async function purgeAllSemantic(): Promise<void> {
  await (await getDb()).delete(semanticCacheEntries);
}
