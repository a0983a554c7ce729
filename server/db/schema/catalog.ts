import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const models = pgTable("models", {
  /** Public id, `<provider>/<model>`. */
  id: text().primaryKey(),
  provider: text().notNull(),
  upstreamModel: text().notNull(),
  name: text().notNull(),
  kind: text({ enum: ["chat", "embedding"] }).notNull(),
  contextLength: integer().notNull(),
  features: jsonb().$type<{ tools: boolean; json: boolean; streaming: boolean; embeddings: boolean; vision?: boolean }>().notNull(),
  enabled: boolean().notNull().default(true),
  /**
   * Set by the catalog sync when every account that serves the model listed its models without it: the model is
   * then left out of the catalog (GET /models, routing) until a listing has it again, which clears this.
   */
  unavailableSince: timestamp({ withTimezone: true, mode: "date" }),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Versioned prices: a change adds a row, so past charges keep pointing at the row they used. */
export const modelPrices = pgTable(
  "model_prices",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    modelId: text()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    /** Micro-rubles per 1M tokens, VAT included. */
    inputMicroPer1M: bigint({ mode: "number" }).notNull(),
    outputMicroPer1M: bigint({ mode: "number" }).notNull(),
    cachedInputMicroPer1M: bigint({ mode: "number" }).notNull(),
    vatIncluded: boolean().notNull().default(true),
    status: text({ enum: ["confirmed", "estimate"] }).notNull(),
    effectiveFrom: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.modelId, t.effectiveFrom)],
);
