import { z } from "zod";
import { AMOUNT_RULES, parseRubInput, PRICE_RULES, type RubInputRules } from "../core/format/rub";

/** Rubles typed by an admin (comma or dot) → micro-rubles, within the rules; `invalid_amount` otherwise. */
function rubInput(rules: RubInputRules) {
  return z
    .string()
    .trim()
    .max(24)
    .transform((text, ctx) => {
      const parsed = parseRubInput(text, rules);
      if (parsed.ok) return parsed.micro;
      ctx.addIssue({ code: "custom", message: "invalid_amount" });
      return z.NEVER;
    });
}

/** A catalog price per 1M tokens: exact to the micro-ruble, zero allowed. */
export const priceRub = rubInput(PRICE_RULES);
/** A promo amount: whole kopecks, 0,01 ₽ to 1 000 000 ₽. */
export const amountRub = rubInput(AMOUNT_RULES);
