import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Responses kept for `previous_response_id` and GET/DELETE /responses/{id} (`store: true`, OpenAI's default), owned
 * by one user, purged after the retention period (XROUTER_RESPONSES_RETENTION_DAYS). One row per answered response,
 * written after the upstream answered. A conversation is a chain of rows: each keeps only its own request's input
 * and links to the response it continued from, so a long agent loop stores each turn once.
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
    /** This request's input items (references resolved); the whole conversation up to the answer when `previousId` is null. */
    input: jsonb().notNull(),
    /**
     * The stored response this one continued from: its conversation comes before `input`. Null when `input` is the
     * whole conversation (no previous response, one not stored, a chain at its length limit, or a row stored before
     * chains). No foreign key: a deleted or purged link must leave the later rows unreadable, not make them complete.
     */
    previousId: text(),
    /** Links between this row and the first row of its chain (0 when `previousId` is null): bounds the walk. */
    depth: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.createdAt)],
);
