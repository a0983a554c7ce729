import { bigint, bigserial, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users";

/** Every balance movement; a user's balance equals the sum of their rows. */
export const ledger = pgTable(
  "ledger",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: ["topup", "charge", "refund", "adjustment", "promo"] }).notNull(),
    /** Signed micro-rubles: credits positive, charges negative. */
    amountMicro: bigint({ mode: "number" }).notNull(),
    balanceAfterMicro: bigint({ mode: "number" }).notNull(),
    /** What caused it (request id, payment id, promo code); unique per kind so a retry never books twice. */
    reference: text(),
    note: text(),
    /** For charges: the key that spent it and the price row the cost was computed with. */
    keyId: text(),
    priceId: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt), index().on(t.keyId, t.createdAt), uniqueIndex().on(t.kind, t.reference)],
);
