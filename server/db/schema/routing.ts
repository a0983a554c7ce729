import { boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** A provider account (channel): credentials encrypted at rest, never shown again. */
export const providerAccounts = pgTable("provider_accounts", {
  id: text().primaryKey(),
  provider: text().notNull(),
  name: text().notNull(),
  /** AES-256-GCM with XROUTER_ENCRYPTION_KEY: the account's credentials and settings as JSON. */
  secretEncrypted: text().notNull(),
  weight: integer().notNull().default(1),
  priority: integer().notNull().default(0),
  concurrency: integer().notNull().default(10),
  /** What the account costs in percent of the catalog price: orders accounts under the price strategy, never billing. */
  costPercent: integer().notNull().default(100),
  /** Public model ids served; null serves every model of the provider. */
  models: text().array(),
  /** Public model id → upstream model name, for models this account serves under another name. */
  upstreamModels: jsonb().$type<Record<string, string>>(),
  enabled: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Admin routing rules, evaluated in `position` order. */
export const routingRules = pgTable("routing_rules", {
  id: text().primaryKey(),
  position: integer().notNull(),
  name: text().notNull(),
  match: jsonb().$type<Record<string, unknown>>().notNull(),
  action: jsonb().$type<Record<string, unknown>>().notNull(),
  enabled: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Per-model routing strategy set by admins (default: priority, then weighted random). */
export const modelRouting = pgTable("model_routing", {
  modelId: text().primaryKey(),
  /** A name from server/routing/strategies; an unknown name routes with the default. */
  strategy: text().notNull().default("weighted"),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
