import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { ledger, users } from "../../db/schema";

/**
 * Test helper: books one ledger row the way the real writers do (balance and row together, balance_after =
 * the new balance), optionally back-dated. Only for tests of statements, ledger pages and low-balance mail.
 */
export async function bookTestRow(
  db: Db,
  input: {
    userId: string;
    kind: "topup" | "charge" | "refund" | "adjustment" | "promo";
    amountMicro: number;
    reference?: string;
    note?: string;
    keyId?: string;
    createdAt?: Date;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(users)
      .set({ balanceMicro: sql`${users.balanceMicro} + ${input.amountMicro}` })
      .where(eq(users.id, input.userId))
      .returning({ balance: users.balanceMicro });
    await tx.insert(ledger).values({
      userId: input.userId,
      kind: input.kind,
      amountMicro: input.amountMicro,
      balanceAfterMicro: u!.balance,
      reference: input.reference ?? `${input.kind}-${crypto.randomUUID()}`,
      note: input.note,
      keyId: input.keyId,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    });
    return u!.balance;
  });
}
