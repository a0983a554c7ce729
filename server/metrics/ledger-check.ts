import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { settings } from "../db/schema";

const KEY = "ledger_check";

/** The outcome of the last `xrouter ledger check`: when it ran and how many problems it found. */
export interface LedgerCheckOutcome {
  at: number;
  problems: number;
}

/**
 * Keeps the outcome of a ledger check in the settings table. The check scans the whole ledger, so it runs when an
 * operator (or a scheduled job) runs `xrouter ledger check`, never per scrape; every instance's /metrics reports
 * the last outcome from here.
 */
export async function recordLedgerCheck(db: Db, report: { problems: readonly unknown[] }, at = Date.now()): Promise<void> {
  const value: LedgerCheckOutcome = { at, problems: report.problems.length };
  await db
    .insert(settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date(at) } });
}

export async function lastLedgerCheck(db: Db): Promise<LedgerCheckOutcome | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return row?.value as LedgerCheckOutcome | undefined;
}
