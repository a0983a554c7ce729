import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "../../db";
import { auditEvents } from "../../db/schema";
import { getLogger, scrubSecrets } from "../../logging/logger";
import type { AuditKind, RequestSource } from "./kinds";

export interface AuditEventInput {
  kind: AuditKind;
  /** Whose account it is about (they see it); null for global changes such as prices. */
  userId: string | null;
  /** Who did it; defaults to `userId` (the user acting on their own account). Null for the system. */
  actorId?: string | null;
  subject?: string | null;
  source?: RequestSource;
  data?: Record<string, unknown>;
}

/** Field names that may hold a secret: such fields never reach the log, whatever their value. */
const SECRET_FIELD = /password|passphrase|secret|token|hash|credential|authorization|cookie|^key$|api_?key/i;
const MAX_TEXT = 200;
const MAX_ITEMS = 20;
const MAX_DEPTH = 3;

function shorten(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubSecrets(value).slice(0, MAX_TEXT);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "…";
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => shorten(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !SECRET_FIELD.test(name))
      .slice(0, MAX_ITEMS)
      .map(([name, item]) => [name, shorten(item, depth + 1)]),
  );
}

/** What an event may keep of `data`: short values, no field that could hold a secret, no key-shaped text. */
export function auditData(data: Record<string, unknown> | undefined): Record<string, unknown> | null {
  return data ? (shorten(data, 0) as Record<string, unknown>) : null;
}

/**
 * Appends one event. Pass the action's transaction when it has one, so the event commits with it; inside a
 * transaction the insert runs in a savepoint, so even then a failed event is logged and never fails the action.
 */
export async function recordAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  const row = {
    kind: event.kind,
    userId: event.userId,
    actorId: event.actorId === undefined ? event.userId : event.actorId,
    subject: event.subject ?? null,
    ip: event.source?.ip?.slice(0, MAX_TEXT) ?? null,
    userAgent: event.source?.userAgent?.slice(0, MAX_TEXT * 2) ?? null,
    data: auditData(event.data),
  };
  try {
    if (db instanceof PgTransaction) await db.transaction((savepoint) => savepoint.insert(auditEvents).values(row));
    else await db.insert(auditEvents).values(row);
  } catch (err) {
    getLogger().error({ err, kind: event.kind, userId: event.userId }, "could not record an audit event");
  }
}
