/**
 * Why a promo code was refused; the router turns it into a tRPC error whose message is the code. An unknown, an
 * expired and a used-up code are all `promo_not_redeemable`, so redeeming cannot probe which codes exist.
 * `promo_already_redeemed` tells only the user who redeemed it what they already know.
 */
export type PromoErrorCode = "promo_not_redeemable" | "promo_already_redeemed" | "promo_invalid" | "promo_exists";

export class PromoError extends Error {
  constructor(readonly code: PromoErrorCode) {
    super(code);
    this.name = "PromoError";
  }
}

/** Codes are case-insensitive: stored and compared upper-case, without surrounding spaces. */
export function normalizePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Letters (Latin or Cyrillic), digits, dash and underscore, 3–40 characters. */
export const PROMO_CODE_PATTERN = /^[A-ZА-ЯЁ0-9_-]{3,40}$/u;
