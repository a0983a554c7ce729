import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  name: text(),
  image: text(),
  passwordHash: text(),
  role: text({ enum: ["user", "admin"] }).notNull().default("user"),
  /** `organization`: an organization's wallet (docs/organizations.md), never able to sign in. */
  kind: text({ enum: ["person", "organization"] }).notNull().default("person"),
  emailVerified: timestamp({ withTimezone: true, mode: "date" }),
  /** Micro-rubles (1 RUB = 1,000,000); always equals the sum of the user's ledger. */
  balanceMicro: bigint({ mode: "number" }).notNull().default(0),
  disabledAt: timestamp({ withTimezone: true, mode: "date" }),
  /** Bumped on password change: sessions carrying an older version are no longer valid. */
  sessionVersion: integer().notNull().default(0),
  locale: text({ enum: ["ru", "en"] }),
  /** The zone the portal shows times in (an IANA name of server/core/format/time's list); null: Moscow. */
  timeZone: text(),
  /** Mail the user when the balance falls below this (micro-rubles); null turns the warning off. */
  lowBalanceThresholdMicro: bigint({ mode: "number" }),
  lowBalanceNotifiedAt: timestamp({ withTimezone: true, mode: "date" }),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** next-auth OAuth accounts (Yandex ID, GitHub). */
export const accounts = pgTable(
  "accounts",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refreshToken: text(),
    accessToken: text(),
    expiresAt: integer(),
    tokenType: text(),
    scope: text(),
    idToken: text(),
    sessionState: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index().on(t.userId)],
);

export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: text()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);
