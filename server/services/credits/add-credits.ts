import { eq } from "drizzle-orm";
import { getBilling } from "../../billing";
import { bookCredit } from "../../billing/ledger";
import type { Db } from "../../db";
import { users } from "../../db/schema";

export interface CreditInput {
  userId: string;
  amountMicro: number;
  kind: "topup" | "adjustment" | "promo" | "refund";
  note?: string;
  /** Idempotency: a second credit with the same kind and reference books nothing. */
  reference?: string;
}

/** Tells the gateway's meter (its cached balance) about credit booked in the database: call after the commit. */
export const creditMeter = (userId: string, amountMicro: number) => getBilling().meter.credit(userId, amountMicro);

/**
 * Adds credit in one transaction: the balance and its ledger row move together. Inside a caller's own
 * transaction (`withinTransaction`), the caller calls creditMeter once that transaction has committed.
 */
export async function addCredits(
  db: Db,
  input: CreditInput,
  options: { withinTransaction?: boolean } = {},
): Promise<{ balanceMicro: number; booked: boolean }> {
  try {
    const result = await db.transaction((tx) => bookCredit(tx, input));
    // After the commit, so the meter's cached balance never runs ahead of the ledger.
    if (result.booked && !options.withinTransaction) await creditMeter(input.userId, input.amountMicro);
    return result;
  } catch (err) {
    // A concurrent credit with the same reference won the unique index: this one books nothing.
    if ((err as { code?: string }).code !== "23505" && (err as { cause?: { code?: string } }).cause?.code !== "23505")
      throw err;
    const [user] = await db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, input.userId));
    return { balanceMicro: user!.balance, booked: false };
  }
}
