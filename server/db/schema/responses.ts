import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Responses kept for `previous_response_id` and GET/DELETE /responses/{id} (`store: true`, OpenAI's default):
 * the response as answered and the conversation that led to it, owned by one user, purged after the retention
 * period (XROUTER_RESPONSES_RETENTION_DAYS). One row per answered response, written after the upstream answered.
 */
export const storedResponses = pgTable(
  "stored_responses",
  {
    /** `resp_…`, from the request id. */
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The `response` object as answered. */
    response: jsonb().notNull(),
    /** The conversation items up to the answer (the previous response's, then this request's input). */
    input: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.createdAt)],
);
