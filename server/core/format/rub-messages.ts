import { defineMessages, format, type Locale } from "../locale";
import { formatRub, type RubInputError, type RubInputRules } from "./rub";

/** The words around amounts: an input's hint and mistakes (shared by every amount field), the exact-cost tooltip. */
export const rubMessages = defineMessages({
  ru: {
    hint: "Копейки — через запятую или точку: 250,50 или 250.50.",
    invalid: "Введите сумму в рублях, например 250,50 или 250.50.",
    too_precise: "Не больше {decimals} знаков после запятой.",
    too_small: "Сумма должна быть не меньше {min}.",
    too_large: "Сумма не может быть больше {max}.",
    exactAmount: "Точная сумма: {amount}. Баланс и итоги округляются до копейки.",
  },
  en: {
    hint: "Kopecks after a comma or a dot: 250,50 or 250.50.",
    invalid: "Enter an amount in rubles, e.g. 250.50 or 250,50.",
    too_precise: "At most {decimals} digits after the decimal point.",
    too_small: "The amount must be at least {min}.",
    too_large: "The amount may not exceed {max}.",
    exactAmount: "Exact amount: {amount}. Balances and totals are rounded to the kopeck.",
  },
});

/** The message for a refused ruble input, with the field's own bounds. */
export function rubInputErrorText(error: RubInputError, locale: Locale, rules: RubInputRules): string {
  return format(rubMessages[locale][error], {
    decimals: rules.decimals,
    min: formatRub(rules.minMicro, locale, { precision: "request" }),
    max: formatRub(rules.maxMicro, locale),
  });
}
