import { format, type Locale } from "../locale";
import { formatNumber, INTL_LOCALE } from "./number";

/** A phrase's forms by CLDR plural category; Russian needs `few` and `many`, English only `one` and `other`. */
export interface PluralForms {
  one: string;
  few?: string;
  many?: string;
  other: string;
}

const rules = new Map<Locale, Intl.PluralRules>();

/** The form for `count` (`{count}` in it is filled with the number): `1 запрос/мин`, `3 запроса/мин`, `5 запросов/мин`. */
export function plural(locale: Locale, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(INTL_LOCALE[locale])));
  const category = rule.select(count);
  const form = (category === "one" || category === "few" || category === "many" ? forms[category] : undefined) ?? forms.other;
  return format(form, { count: formatNumber(count, locale, { maximumFractionDigits: 2 }) });
}
