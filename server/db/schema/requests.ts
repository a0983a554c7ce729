import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { apiKeys } from "./keys";
import { modelPrices } from "./catalog";
import { users } from "./users";

/** One row per API call. */
export const requests = pgTable(
  "requests",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    keyId: text().references(() => apiKeys.id, { onDelete: "set null" }),
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
    priceId: bigint({ mode: "number" }).references(() => modelPrices.id),
    latencyMs: integer().notNull(),
    firstTokenMs: integer(),
    finishReason: text(),
    /**
     * Every upstream attempt: account, model, status, latency, error (sanitised) and detail (the upstream's full
     * text, admins only).
     */
    attempts: jsonb().$type<{ account: string; provider: string; model: string; status: number; latencyMs: number; error?: string; detail?: string }[]>(),
    routeReason: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt), index().on(t.keyId, t.createdAt), index().on(t.createdAt)],
);
