import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What each provider account's upstream listed (`GET /models`) at the catalog sync (docs/providers/catalog-sync.md):
 * one row per account and upstream model name. `missingSince` is set when a later listing no longer has the name
 * and cleared when it comes back. Environment and demo accounts have no `provider_accounts` row (`env:<provider>`),
 * hence no foreign key; rows of removed accounts are pruned by the sync.
 */
export const upstreamModels = pgTable(
  "upstream_models",
  {
    accountId: text().notNull(),
    provider: text().notNull(),
    /** As the catalog's `models.upstream_model` spells it (the provider's lister normalizes it). */
    upstreamModel: text().notNull(),
    /** What the listing said the model is, when it said (GigaChat's `type`); a hint for the admin's form. */
    kind: text({ enum: ["chat", "embedding"] }),
    /** The context window the listing gave (vLLM's `max_model_len`), a hint for the admin's form. */
    contextLength: integer(),
    firstSeen: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastSeen: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    missingSince: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.upstreamModel] })],
);
