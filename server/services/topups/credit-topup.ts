import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { ledger, users } from "../../db/schema";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The ledger half of add-credits (server/services/credits/add-credits.ts), inside the caller's transaction:
 * the balance and its `topup` ledger row (reference = YooKassa payment id) move together. A row that already
 * exists for this reference books nothing; the unique (kind, reference) index stays the last guard.
 */
export async function bookTopupCredit(
  tx: Tx,
  input: { userId: string; amountMicro: number; reference: string; note?: string },
): Promise<{ booked: boolean; balanceMicro: number }> {
  const [existing] = await tx
    .select({ id: ledger.id })
    .from(ledger)
    .where(sql`${ledger.kind} = 'topup' and ${ledger.reference} = ${input.reference}`);
  if (existing) {
    const [user] = await tx.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, input.userId));
    return { booked: false, balanceMicro: user?.balance ?? 0 };
  }
  const [updated] = await tx
    .update(users)
    .set({ balanceMicro: sql`${users.balanceMicro} + ${input.amountMicro}` })
    .where(eq(users.id, input.userId))
    .returning({ balance: users.balanceMicro });
  if (!updated) throw new Error(`no user ${input.userId}`);
  await tx.insert(ledger).values({
    userId: input.userId,
    kind: "topup",
    amountMicro: input.amountMicro,
    balanceAfterMicro: updated.balance,
    reference: input.reference,
    note: input.note,
  });
  return { booked: true, balanceMicro: updated.balance };
}
