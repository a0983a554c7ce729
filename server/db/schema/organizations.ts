import { bigint, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/** The roles inside an organization (docs/organizations.md); what each may do is `server/services/organizations/permissions.ts`. */
export const ORG_ROLES = ["owner", "admin", "developer", "billing", "viewer"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** A team with a shared wallet: the wallet is a `users` row of kind `organization`, so money code keyed by userId serves it unchanged. */
export const organizations = pgTable("organizations", {
  id: text().primaryKey(),
  name: text().notNull().unique(),
  walletUserId: text()
    .notNull()
    .unique()
    .references(() => users.id),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const orgMembers = pgTable(
  "org_members",
  {
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text({ enum: ORG_ROLES }).notNull(),
    /** The member's monthly spending limit in the organization (micro-rubles); null: no limit. */
    monthlyLimitMicro: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index().on(t.userId)],
);

/** A mailed invitation; only the token's hash is kept, like the password-reset tokens. */
export const orgInvitations = pgTable(
  "org_invitations",
  {
    id: text().primaryKey(),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: text({ enum: ORG_ROLES }).notNull(),
    tokenHash: text().notNull().unique(),
    invitedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, mode: "date" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.createdAt)],
);
