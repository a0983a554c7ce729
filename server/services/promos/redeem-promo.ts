import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { promoCodes, promoRedemptions } from "../../db/schema";
import { addCredits, creditMeter } from "../credits/add-credits";
import { normalizePromoCode, PromoError } from "./promo-error";

/** The ledger reference of a redemption: the unique (kind, reference) index books it once whatever happens. */
export const promoReference = (code: string, userId: string) => `promo:${code}:${userId}`;

/**
 * Redeems a promo code for a user, all in one transaction: the redemption row (its primary key allows one use
 * per user), the code's use counter (a conditional update, so concurrent redemptions never pass `maxUses`) and
 * the credit (addCredits, kind "promo") commit together or not at all. Refusals throw a PromoError.
 */
export async function redeemPromo(
  db: Db,
  userId: string,
  rawCode: string,
): Promise<{ code: string; amountMicro: number; balanceMicro: number }> {
  const code = normalizePromoCode(rawCode);
  if (!code) throw new PromoError("promo_not_redeemable");
  const redeemed = await db.transaction(async (tx) => {
    const [promo] = await tx.select().from(promoCodes).where(eq(promoCodes.code, code));
    if (!promo) throw new PromoError("promo_not_redeemable");

    const [redemption] = await tx
      .insert(promoRedemptions)
      .values({ code, userId })
      .onConflictDoNothing()
      .returning({ code: promoRedemptions.code });
    if (!redemption) throw new PromoError("promo_already_redeemed");

    // Row lock + re-checked conditions: under concurrency the second updater sees the first one's count.
    const [counted] = await tx
      .update(promoCodes)
      .set({ uses: sql`${promoCodes.uses} + 1` })
      .where(
        and(
          eq(promoCodes.code, code),
          or(isNull(promoCodes.maxUses), lt(promoCodes.uses, promoCodes.maxUses)),
          or(isNull(promoCodes.expiresAt), gt(promoCodes.expiresAt, sql`now()`)),
        ),
      )
      .returning({ amountMicro: promoCodes.amountMicro });
    if (!counted) throw new PromoError("promo_not_redeemable");

    // A savepoint inside this transaction: if anything fails the redemption and the use are rolled back too.
    const credit = await addCredits(
      tx as unknown as Db,
      { userId, amountMicro: counted.amountMicro, kind: "promo", reference: promoReference(code, userId), note: `promo ${code}` },
      { withinTransaction: true },
    );
    if (!credit.booked) throw new PromoError("promo_already_redeemed");
    return { code, amountMicro: counted.amountMicro, balanceMicro: credit.balanceMicro };
  });
  await creditMeter(userId, redeemed.amountMicro);
  return redeemed;
}
