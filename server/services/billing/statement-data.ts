import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, ledger, users } from "../../db/schema";
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
  keyId: string | null;
  keyName: string | null;
  /** An organization's charge: the e-mail of the member who made the key. */
  memberEmail: string | null;
  note: string | null;
}

/** The month's charges of one member or one key: how many, and their sum (negative, as in the ledger). */
export interface ChargeGroup {
  label: string;
  count: number;
  amountMicro: number;
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
  /**
   * An organization's statement: the month's charges by member (who made the key) and by key, dearest first; each
   * list sums to the charge total. Absent for a personal account.
   */
  spending?: { byMember: ChargeGroup[]; byKey: ChargeGroup[] };
}

/** Sums the charges by a label, dearest first (then by label). */
function groupCharges(rows: StatementRow[], labelOf: (row: StatementRow) => string, keyOf: (row: StatementRow) => string): ChargeGroup[] {
  const groups = new Map<string, ChargeGroup>();
  for (const row of rows) {
    if (row.kind !== "charge") continue;
    const key = keyOf(row);
    const group = groups.get(key) ?? { label: labelOf(row), count: 0, amountMicro: 0 };
    group.count += 1;
    group.amountMicro += row.amountMicro;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.amountMicro - b.amountMicro || a.label.localeCompare(b.label));
}

/**
 * A user's monthly statement: the balance before the month (the sum of every earlier ledger row), every
 * movement of the month with the balance after it, and the closing balance (opening + movements); for an
 * organization's wallet also the month's charges by member and by key. Undefined when `month` is not YYYY-MM.
 */
export async function buildStatement(
  db: Db,
  user: { id: string; email: string },
  month: string,
): Promise<Statement | undefined> {
  const range = monthRange(month);
  if (!range) return undefined;
  const [[before], [holder]] = await Promise.all([
    db
      .select({ sum: sql<number>`coalesce(sum(${ledger.amountMicro}), 0)`.mapWith(Number) })
      .from(ledger)
      .where(and(eq(ledger.userId, user.id), lt(ledger.createdAt, range.from))),
    db.select({ kind: users.kind }).from(users).where(eq(users.id, user.id)),
  ]);
  const rows = await db
    .select({ ...ledgerColumns, keyId: ledger.keyId, keyName: apiKeys.name, memberEmail: users.email, note: ledger.note })
    .from(ledger)
    .leftJoin(apiKeys, ledgerKeyJoin())
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
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
    ...(holder?.kind === "organization" && {
      spending: {
        byMember: groupCharges(rows, (row) => row.memberEmail ?? "", (row) => row.memberEmail ?? ""),
        byKey: groupCharges(rows, (row) => row.keyName ?? "", (row) => row.keyId ?? ""),
      },
    }),
  };
}
