import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, requests, users } from "../../db/schema";
import { callerAttempts } from "../../gateway/recorder";
import { scopeUsageFilters, type UsageFilterInput } from "./filters";

export const RECENT_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([\w.:-]{1,200})$/;

/** One upstream attempt of a request, as the gateway recorded it. */
export type RecentAttempt = NonNullable<(typeof requests.$inferSelect)["attempts"]>[number];

export interface RecentRequest {
  id: string;
  createdAt: Date;
  endpoint: string;
  model: string;
  provider: string | null;
  keyId: string | null;
  keyName: string | null;
  keyPrefix: string | null;
  /** An organization's request: the member who made its key (user id and e-mail); null otherwise. */
  memberId: string | null;
  memberEmail: string | null;
  stream: boolean;
  status: number;
  errorCode: string | null;
  finishReason: string | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costMicro: number;
  /** The response cache's part (`hit` or `semantic-hit` for an answer served from it); null when the request was not cacheable. */
  cache: "hit" | "semantic-hit" | "miss" | "bypass" | "refresh" | null;
  /** On a hit: the full price less what was charged, micro-rubles. */
  savedMicro: number;
  latencyMs: number;
  firstTokenMs: number | null;
  /** Why the route was chosen (rules, fallback list, provider order…); null for rows recorded without one. */
  routeReason: string | null;
  /** Every upstream attempt in order (account id, provider, model, status, latency, error); empty when none. */
  attempts: RecentAttempt[];
  /** The app the request named (X-Title, HTTP-Referer): plain text and an http(s) URL, or null. */
  appTitle: string | null;
  appUrl: string | null;
}

export interface RecentPage {
  items: RecentRequest[];
  /** Opaque; pass back as `cursor` for the next (older) page. Null on the last page. */
  nextCursor: string | null;
}

/**
 * The user's requests in the range, newest first, a page at a time (keyset pagination on created_at, id;
 * the cursor keeps Postgres's microseconds so no row is skipped or repeated). Undefined when `keyId` is not theirs.
 * An attempt's `detail` (the upstream's full error text) is kept only `withDetail` (admins).
 */
export async function listRecentRequests(
  db: Db,
  userId: string,
  input: UsageFilterInput & { cursor?: string | null; limit?: number },
  { now = new Date(), withDetail = false } = {},
): Promise<RecentPage | undefined> {
  const scope = await scopeUsageFilters(db, userId, input, now);
  if (!scope) return undefined;
  const limit = Math.max(1, Math.min(input.limit ?? 50, 1000));
  const cursor = input.cursor ? RECENT_CURSOR.exec(input.cursor) : null;
  const after = cursor ? sql`(${requests.createdAt}, ${requests.id}) < (${cursor[1]}::timestamptz, ${cursor[2]})` : undefined;

  const rows = await db
    .select({
      id: requests.id,
      createdAt: requests.createdAt,
      at: sql<string>`to_char(${requests.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      endpoint: requests.endpoint,
      model: requests.model,
      provider: requests.provider,
      keyId: requests.keyId,
      keyName: apiKeys.name,
      keyPrefix: apiKeys.prefix,
      memberId: apiKeys.createdByUserId,
      memberEmail: users.email,
      stream: requests.stream,
      status: requests.status,
      errorCode: requests.errorCode,
      finishReason: requests.finishReason,
      promptTokens: requests.promptTokens,
      completionTokens: requests.completionTokens,
      cachedTokens: requests.cachedTokens,
      costMicro: requests.costMicro,
      cache: requests.cache,
      savedMicro: requests.savedMicro,
      latencyMs: requests.latencyMs,
      firstTokenMs: requests.firstTokenMs,
      routeReason: requests.routeReason,
      attempts: requests.attempts,
      appTitle: requests.appTitle,
      appUrl: requests.appUrl,
    })
    .from(requests)
    .leftJoin(apiKeys, and(eq(apiKeys.id, requests.keyId), eq(apiKeys.userId, userId)))
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(and(scope.where, after))
    .orderBy(desc(requests.createdAt), desc(requests.id))
    .limit(limit + 1);

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(({ at: _at, costMicro, savedMicro, attempts, ...row }) => ({
      ...row,
      costMicro: Number(costMicro),
      savedMicro: Number(savedMicro),
      attempts: withDetail ? (attempts ?? []) : callerAttempts(attempts ?? []),
    })),
    nextCursor: more && last ? `${last.at}|${last.id}` : null,
  };
}
