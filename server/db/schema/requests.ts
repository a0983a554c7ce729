import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
/**
 * One row per API call. A log written in batches at the gateway's rate: no foreign keys (each would lock its
 * user's row per inserted row, beside the balance updates on that row; docs/speed.md). Deleting an account deletes
 * its rows (services/accounts/delete-account.ts); keys and prices are never deleted.
 */
export const requests = pgTable(
  "requests",
  {
    id: text().primaryKey(),
    userId: text().notNull(),
    keyId: text(),
    endpoint: text().notNull(),
    model: text().notNull(),
    provider: text(),
    upstreamModel: text(),
    stream: boolean().notNull().default(false),
    status: integer().notNull(),
    errorCode: text(),
    promptTokens: integer().notNull().default(0),
    completionTokens: integer().notNull().default(0),
    cachedTokens: integer().notNull().default(0),
    costMicro: bigint({ mode: "number" }).notNull().default(0),
    priceId: bigint({ mode: "number" }),
    latencyMs: integer().notNull(),
    firstTokenMs: integer(),
    finishReason: text(),
    /**
     * Every upstream attempt: account, model, status, latency, error (sanitised) and detail (the upstream's full
     * text, admins only).
     */
    attempts: jsonb().$type<{ account: string; provider: string; model: string; status: number; latencyMs: number; error?: string; detail?: string }[]>(),
    routeReason: text(),
    /** The app the request came from, as its HTTP-Referer (an http(s) URL) and X-Title headers named it. */
    appTitle: text(),
    appUrl: text(),
    /** The response cache's part: `hit`, `semantic-hit`, `miss`, `bypass` or `refresh`; null when the request was not cacheable. */
    cache: text({ enum: ["hit", "semantic-hit", "miss", "bypass", "refresh"] }),
    /** On a hit: what the answer would have cost at full price, less what was charged. */
    savedMicro: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt), index().on(t.keyId, t.createdAt), index().on(t.createdAt)],
);
