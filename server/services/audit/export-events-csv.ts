import type { Db } from "../../db";
import { csvText } from "../billing/statement-csv";
import { listAuditEvents, type AuditEventRow, type AuditFilters } from "./list-events";

const BATCH = 1000;

export const AUDIT_CSV_COLUMNS = ["time_utc", "kind", "user_id", "user_email", "actor_id", "actor_email", "subject", "ip", "user_agent", "data"] as const;

// Every cell goes through csvText: user agents and key names are the caller's text, and may start like a formula.
const line = (cells: (string | null)[]) => `${cells.map(csvText).join(",")}\r\n`;

function record(row: AuditEventRow): string {
  return line([
    row.createdAt.toISOString(),
    row.kind,
    row.userId,
    row.userEmail,
    row.actorId,
    row.actorEmail,
    row.subject,
    row.ip,
    row.userAgent,
    row.data ? JSON.stringify(row.data) : null,
  ]);
}

/** The filtered events as CSV chunks (header first, newest first), read a batch at a time. */
export async function* exportAuditCsv(db: Db, filters: AuditFilters): AsyncGenerator<string> {
  yield line([...AUDIT_CSV_COLUMNS]);
  let cursor: number | undefined;
  do {
    const page = await listAuditEvents(db, { ...filters, cursor, limit: BATCH });
    if (page.items.length) yield page.items.map(record).join("");
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
