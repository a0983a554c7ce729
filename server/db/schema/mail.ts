import { bigserial, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Mail written when no SMTP_URL is set: the dev outbox page (development and demo mode only) shows it. */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.to, t.createdAt)],
);
