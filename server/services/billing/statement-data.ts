import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, ledger } from "../../db/schema";
import { ledgerColumns, ledgerKeyJoin, type LedgerKind } from "./list-ledger";
import { monthRange } from "./statement-period";

export const LEDGER_KINDS: readonly LedgerKind[] = ["topup", "charge", "refund", "adjustment", "promo"];

export interface StatementRow {
  id: number;
  createdAt: Date;
  kind: LedgerKind;
  amountMicro: number;
  balanceAfterMicro: number;
  reference: string | null;
  keyName: string | null;
  note: string | null;
}

export interface Statement {
  month: string;
  from: Date;
  to: Date;
  email: string;
  openingMicro: number;
  closingMicro: number;
  rows: StatementRow[];
  /** Sum and count of the month's movements per kind (every kind present, zero when none). */
  totals: Record<LedgerKind, { count: number; amountMicro: number }>;
}

/**
 * A user's monthly statement: the balance before the month (the sum of every earlier ledger row), every
 * movement of the month with the balance after it, and the closing balance (opening + movements).
 * Undefined when `month` is not YYYY-MM.
 */
export async function buildStatement(
  db: Db,
  user: { id: string; email: string },
  month: string,
): Promise<Statement | undefined> {
  const range = monthRange(month);
  if (!range) return undefined;
  const [before] = await db
    .select({ sum: sql<number>`coalesce(sum(${ledger.amountMicro}), 0)`.mapWith(Number) })
    .from(ledger)
    .where(and(eq(ledger.userId, user.id), lt(ledger.createdAt, range.from)));
  const rows = await db
    .select({ ...ledgerColumns, keyName: apiKeys.name, note: ledger.note })
    .from(ledger)
    .leftJoin(apiKeys, ledgerKeyJoin())
    .where(and(eq(ledger.userId, user.id), gte(ledger.createdAt, range.from), lt(ledger.createdAt, range.to)))
    .orderBy(asc(ledger.id));
  const totals = Object.fromEntries(
    LEDGER_KINDS.map((kind) => [kind, { count: 0, amountMicro: 0 }]),
  ) as Statement["totals"];
  let closing = before?.sum ?? 0;
  const opening = closing;
  for (const row of rows) {
    totals[row.kind].count += 1;
    totals[row.kind].amountMicro += row.amountMicro;
    closing += row.amountMicro;
  }
  return {
    month,
    from: range.from,
    to: range.to,
    email: user.email,
    openingMicro: opening,
    closingMicro: closing,
    rows,
    totals,
  };
}
