import { writeLedgerRow, type LedgerEntry } from "../../billing/ledger";
import type { Db } from "../../db";

/**
 * Test helper: books one ledger row through the ledger writer (balance and row together, balance_after =
 * the new balance), optionally back-dated. Only for tests of statements, ledger pages and low-balance mail.
 */
export async function bookTestRow(
  db: Db,
  input: LedgerEntry,
): Promise<number> {
  return db.transaction((tx) =>
    writeLedgerRow(tx, { ...input, reference: input.reference ?? `${input.kind}-${crypto.randomUUID()}` }),
  );
}
