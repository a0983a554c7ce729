import { bigint, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** SHA-256 of the key with the server pepper, hex; the key itself is never stored. */
    hash: text().notNull().unique(),
    /** Visible start of the key for display, e.g. `xr-AbC1…`. */
    prefix: text().notNull(),
    limitMicro: bigint({ mode: "number" }),
    limitPeriod: text({ enum: ["day", "week", "month", "total"] }),
    rpm: integer(),
    allowedModels: text().array(),
    /** Labels that routing rules match on (e.g. `ru-only`). */
    tags: text().array(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }),
    disabledAt: timestamp({ withTimezone: true, mode: "date" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
