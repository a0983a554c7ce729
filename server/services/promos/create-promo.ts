import type { Db } from "../../db";
import { promoCodes } from "../../db/schema";
import { normalizePromoCode, PROMO_CODE_PATTERN, PromoError } from "./promo-error";

export interface CreatePromoInput {
  code: string;
  amountMicro: number;
  expiresAt?: Date | null;
  maxUses?: number | null;
}

/** Creates a promo code (admins only, checked by the router); a taken code is refused. */
export async function createPromo(db: Db, createdBy: string, input: CreatePromoInput) {
  const code = normalizePromoCode(input.code);
  if (!PROMO_CODE_PATTERN.test(code)) throw new PromoError("promo_invalid");
  if (!Number.isSafeInteger(input.amountMicro) || input.amountMicro <= 0) throw new PromoError("promo_invalid");
  if (input.maxUses != null && (!Number.isSafeInteger(input.maxUses) || input.maxUses < 1))
    throw new PromoError("promo_invalid");
  const [row] = await db
    .insert(promoCodes)
    .values({
      code,
      amountMicro: input.amountMicro,
      expiresAt: input.expiresAt ?? null,
      maxUses: input.maxUses ?? null,
      createdBy,
    })
    .onConflictDoNothing({ target: promoCodes.code })
    .returning();
  if (!row) throw new PromoError("promo_exists");
  return row;
}
