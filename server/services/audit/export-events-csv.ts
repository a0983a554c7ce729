import { csvRow, csvStart, csvTimeColumn, type CsvOptions } from "../../core/format/csv";
import type { Db } from "../../db";
import { listAuditEvents, type AuditEventRow, type AuditFilters } from "./list-events";

const BATCH = 1000;

export const AUDIT_CSV_COLUMNS = ["kind", "user_id", "user_email", "actor_id", "actor_email", "subject", "ip", "user_agent", "data"] as const;

// Every text cell is guarded by csvRow: user agents and key names are the caller's text, and may start like a formula.
function record(row: AuditEventRow, options: CsvOptions): string {
  return csvRow(
    [
      row.createdAt,
      row.kind,
      row.userId,
      row.userEmail,
      row.actorId,
      row.actorEmail,
      row.subject,
      row.ip,
      row.userAgent,
      row.data ? JSON.stringify(row.data) : null,
    ],
    options,
  );
}

/** The filtered events as CSV chunks (header first, newest first), read a batch at a time. */
export async function* exportAuditCsv(db: Db, filters: AuditFilters, options: CsvOptions = { variant: "excel-ru" }): AsyncGenerator<string> {
  yield csvStart(options.variant) + csvRow([csvTimeColumn(options), ...AUDIT_CSV_COLUMNS], options);
  let cursor: number | undefined;
  do {
    const page = await listAuditEvents(db, { ...filters, cursor, limit: BATCH });
    if (page.items.length) yield page.items.map((row) => record(row, options)).join("");
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
