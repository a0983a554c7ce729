import type { RubInputRules } from "../../core/format/rub";
import { MICRO_PER_RUB } from "../../money";

/**
 * Top-up limits: 100 ₽ to 100 000 ₽ per payment, whole kopecks. The minimum keeps YooKassa's per-payment fee
 * small relative to the credit; the maximum is a fraud/mistake guard (a product choice, not a YooKassa limit).
 * Pure (no database): the top-up form checks the same rules before it asks.
 */
export const TOPUP_MIN_MICRO = 100 * MICRO_PER_RUB;
export const TOPUP_MAX_MICRO = 100_000 * MICRO_PER_RUB;
export const TOPUP_RULES: RubInputRules = { decimals: 2, minMicro: TOPUP_MIN_MICRO, maxMicro: TOPUP_MAX_MICRO };

/** A refused amount as the top-up API and form name it. */
export const TOPUP_INPUT_CODES = {
  invalid: "amount_not_kopecks",
  too_precise: "amount_not_kopecks",
  too_small: "amount_too_small",
  too_large: "amount_too_large",
} as const;
