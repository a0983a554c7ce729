import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The security audit log: append-only (a trigger refuses UPDATE and DELETE, see the migration). No foreign keys
 * on purpose: the record outlives the user and the key it names, and a cascading delete or `set null` would be
 * exactly the change the trigger refuses.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    kind: text().notNull(),
    /** Whose account the event is about: that user sees it on their security page. Null for global changes. */
    userId: text(),
    /** Who did it: the user, an admin, or null for the system and for unknown callers (a failed sign-in). */
    actorId: text(),
    /** What was acted on, by its id (`key_…`, `acc_…`, a model id). */
    subject: text(),
    ip: text(),
    userAgent: text(),
    /** A short summary of what changed; never a secret. */
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.id), index().on(t.actorId, t.id), index().on(t.kind, t.id), index().on(t.createdAt)],
);
