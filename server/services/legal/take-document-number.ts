import { sql } from "drizzle-orm";
import type { LedgerTx } from "../../billing/ledger";
import { queryRows } from "../../db/rows";

/** `upd_correction`: the registration numbers of corrections, which print the number of the УПД they correct. */
export type DocumentSeries = "invoice" | "upd" | "upd_correction";

/**
 * The next number of a series in a year, taken inside the issuing transaction: the counter's row stays locked
 * until that transaction ends, so concurrent issuers queue, and a rolled-back issue gives its number back (no gaps).
 */
export async function takeDocumentNumber(tx: LedgerTx, series: DocumentSeries, year: number): Promise<number> {
  const [row] = await queryRows<{ number: number }>(
    tx,
    sql`insert into document_counters (series, year, next) values (${series}, ${year}, 2)
      on conflict (series, year) do update set next = document_counters.next + 1
      returning next - 1 as number`,
  );
  return Number(row!.number);
}

