import { eq } from "drizzle-orm";
import { csvRow, csvRub, csvStart, csvTimeColumn, type CsvOptions } from "../../core/format/csv";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import type { UsageFilterInput } from "./filters";
import { listRecentRequests, type RecentRequest } from "./list-recent-requests";

const BATCH = 1000;

export const CSV_COLUMNS = [
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

/** An organization's export names the member who made each request's key, after the key's columns. */
const columnsFor = (organization: boolean): readonly string[] =>
  organization ? [...CSV_COLUMNS.slice(0, 5), "member_email", ...CSV_COLUMNS.slice(5)] : CSV_COLUMNS;

function csvRecord(row: RecentRequest, organization: boolean, options: CsvOptions): string {
  return csvRow(
    [
      row.createdAt,
      row.id,
      row.model,
      row.provider,
      row.keyName,
      row.keyPrefix,
      ...(organization ? [row.memberEmail] : []),
      row.endpoint,
      row.stream,
      row.status,
      row.errorCode,
      row.finishReason,
      row.promptTokens,
      row.completionTokens,
      row.cachedTokens,
      csvRub(row.costMicro),
      row.latencyMs,
      row.firstTokenMs,
    ],
    options,
  );
}

/**
 * The user's requests in the range as CSV chunks (header first, newest request first), read a batch at a time
 * so an export of a whole year never sits in memory; an organization's also names each key's member (`member_email`).
 * Undefined when the filters name what is not the user's (scopeUsageFilters). Russian Excel's
 * variant by default (semicolons, comma decimals, Moscow time); `machine` for programs (commas, dots, ISO UTC).
 */
export async function exportActivityCsv(
  db: Db,
  userId: string,
  input: UsageFilterInput,
  options: CsvOptions = { variant: "excel-ru" },
  now = new Date(),
): Promise<AsyncGenerator<string> | undefined> {
  const [first, [owner]] = await Promise.all([
    listRecentRequests(db, userId, { ...input, limit: BATCH }, { now }),
    db.select({ kind: users.kind }).from(users).where(eq(users.id, userId)),
  ]);
  if (!first) return undefined;
  const organization = owner?.kind === "organization";
  return (async function* () {
    yield csvStart(options.variant) + csvRow([csvTimeColumn(options), ...columnsFor(organization)], options);
    let page = first;
    for (;;) {
      if (page.items.length) yield page.items.map((row) => csvRecord(row, organization, options)).join("");
      if (!page.nextCursor) return;
      const next = await listRecentRequests(db, userId, { ...input, limit: BATCH, cursor: page.nextCursor }, { now });
      if (!next) return;
      page = next;
    }
  })();
}

/** The whole export as one string (tests, small ranges). */
export async function exportActivityCsvText(
  db: Db,
  userId: string,
  input: UsageFilterInput,
  options?: CsvOptions,
  now = new Date(),
): Promise<string | undefined> {
  const chunks = await exportActivityCsv(db, userId, input, options, now);
  if (!chunks) return undefined;
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}
