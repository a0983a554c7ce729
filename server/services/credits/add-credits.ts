import { eq, sql } from "drizzle-orm";
import { getBilling } from "../../billing";
import type { Db } from "../../db";
import { ledger, users } from "../../db/schema";

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
    const result = await bookCredit(db, input);
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

function bookCredit(db: Db, input: CreditInput): Promise<{ balanceMicro: number; booked: boolean }> {
  return db.transaction(async (tx) => {
    if (input.reference) {
      const [lock] = await tx
        .select({ id: ledger.id })
        .from(ledger)
        .where(sql`${ledger.kind} = ${input.kind} and ${ledger.reference} = ${input.reference}`);
      if (lock) {
        const [user] = await tx.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, input.userId));
        return { balanceMicro: user!.balance, booked: false };
      }
    }
    const [updated] = await tx
      .update(users)
      .set({ balanceMicro: sql`${users.balanceMicro} + ${input.amountMicro}` })
      .where(eq(users.id, input.userId))
      .returning({ balance: users.balanceMicro });
    if (!updated) throw new Error(`no user ${input.userId}`);
    await tx.insert(ledger).values({
      userId: input.userId,
      kind: input.kind,
      amountMicro: input.amountMicro,
      balanceAfterMicro: updated.balance,
      reference: input.reference,
      note: input.note,
    });
    return { balanceMicro: updated.balance, booked: true };
  });
}
