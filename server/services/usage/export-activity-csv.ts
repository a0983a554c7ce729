import type { Db } from "../../db";
import { formatRub } from "../../money";
import type { UsageFilterInput } from "./filters";
import { listRecentRequests, type RecentRequest } from "./list-recent-requests";

const BATCH = 1000;

export const CSV_COLUMNS = [
  "time_utc",
  "request_id",
  "model",
  "provider",
  "key_name",
  "key_prefix",
  "endpoint",
  "stream",
  "status",
  "error_code",
  "finish_reason",
  "prompt_tokens",
  "completion_tokens",
  "cached_tokens",
  "cost_rub",
  "latency_ms",
  "first_token_ms",
] as const;

/** One RFC 4180 field: quoted (with quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF terminator. */
export function csvLine(values: (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

function csvRecord(row: RecentRequest): string {
  return csvLine([
    row.createdAt.toISOString(),
    row.id,
    row.model,
    row.provider,
    row.keyName,
    row.keyPrefix,
    row.endpoint,
    row.stream,
    row.status,
    row.errorCode,
    row.finishReason,
    row.promptTokens,
    row.completionTokens,
    row.cachedTokens,
    formatRub(row.costMicro),
    row.latencyMs,
    row.firstTokenMs,
  ]);
}

/**
 * The user's requests in the range as CSV chunks (header first, newest request first), read a batch at a time
 * so an export of a whole year never sits in memory. Undefined when `keyId` is not the user's key.
 */
export async function exportActivityCsv(
  db: Db,
  userId: string,
  input: UsageFilterInput,
  now = new Date(),
): Promise<AsyncGenerator<string> | undefined> {
  const first = await listRecentRequests(db, userId, { ...input, limit: BATCH }, { now });
  if (!first) return undefined;
  return (async function* () {
    yield csvLine([...CSV_COLUMNS]);
    let page = first;
    for (;;) {
      if (page.items.length) yield page.items.map(csvRecord).join("");
      if (!page.nextCursor) return;
      const next = await listRecentRequests(db, userId, { ...input, limit: BATCH, cursor: page.nextCursor }, { now });
      if (!next) return;
      page = next;
    }
  })();
}

/** The whole export as one string (tests, small ranges). */
export async function exportActivityCsvText(db: Db, userId: string, input: UsageFilterInput, now = new Date()): Promise<string | undefined> {
  const chunks = await exportActivityCsv(db, userId, input, now);
  if (!chunks) return undefined;
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}
