import { sql } from "drizzle-orm";
import { check, index, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * A user's thumbs up (+1) or down (-1) on one of their requests, from the playground. One per request.
 * `request_id` has no foreign key on purpose: `requests` rows are written in batches (up to ~250 ms after the
 * answer), and the rating may arrive first.
 */
export const feedback = pgTable(
  "feedback",
  {
    requestId: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: smallint().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId), check("feedback_rating_check", sql`${t.rating} in (-1, 1)`)],
);
