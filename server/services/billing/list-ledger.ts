import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, ledger } from "../../db/schema";

export type LedgerKind = (typeof ledger.$inferSelect)["kind"];

export interface LedgerEntry {
  id: number;
  createdAt: Date;
  kind: LedgerKind;
  amountMicro: number;
  balanceAfterMicro: number;
  /** Request id (charges), YooKassa payment id (top-ups), `promo:<code>:<user>` (promos). */
  reference: string | null;
  note: string | null;
  keyId: string | null;
  /** The name of the key that spent it (charges), when the key still exists. */
  keyName: string | null;
  priceId: number | null;
}

/** The columns every listing of a user's ledger starts with, in this order. */
export const ledgerColumns = {
  id: ledger.id,
  createdAt: ledger.createdAt,
  kind: ledger.kind,
  amountMicro: ledger.amountMicro,
  balanceAfterMicro: ledger.balanceAfterMicro,
  reference: ledger.reference,
};

/** Joins a ledger row to the key that spent it, only while that key is still the row's user's own. */
export const ledgerKeyJoin = () => and(eq(apiKeys.id, ledger.keyId), eq(apiKeys.userId, ledger.userId));

/** One page of the user's ledger, newest first; `cursor` is the id of the last row of the previous page. */
export async function listLedger(
  db: Db,
  userId: string,
  options: { cursor?: number | null; limit?: number } = {},
): Promise<{ entries: LedgerEntry[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 200);
  const rows = await db
    .select({ ...ledgerColumns, note: ledger.note, keyId: ledger.keyId, keyName: apiKeys.name, priceId: ledger.priceId })
    .from(ledger)
    .leftJoin(apiKeys, ledgerKeyJoin())
    .where(and(eq(ledger.userId, userId), options.cursor != null ? lt(ledger.id, options.cursor) : undefined))
    .orderBy(desc(ledger.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
