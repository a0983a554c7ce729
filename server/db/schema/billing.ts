import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/** A ruble top-up through YooKassa: stored (with its idempotence key) before any call to the payment API. */
export const topups = pgTable(
  "topups",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Whole kopecks only, kept in micro-rubles like every amount. */
    amountMicro: bigint({ mode: "number" }).notNull(),
    status: text({ enum: ["new", "pending", "credited", "canceled"] }).notNull().default("new"),
    idempotenceKey: text().notNull(),
    paymentId: text().unique(),
    confirmationUrl: text(),
    cancellationReason: text(),
    test: boolean(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt), index().on(t.status)],
);

export const promoCodes = pgTable("promo_codes", {
  code: text().primaryKey(),
  amountMicro: bigint({ mode: "number" }).notNull(),
  expiresAt: timestamp({ withTimezone: true, mode: "date" }),
  maxUses: integer(),
  uses: integer().notNull().default(0),
  createdBy: text().references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** One use per user: the primary key is the guard. */
export const promoRedemptions = pgTable(
  "promo_redemptions",
  {
    code: text()
      .notNull()
      .references(() => promoCodes.code, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.code, t.userId] })],
);

/** Global settings editable by admins (e.g. the markup percentage). */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
