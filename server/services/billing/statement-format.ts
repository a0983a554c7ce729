import { defineMessages, type Locale } from "../../core/locale";

/** Pure helpers shared by the statements and the billing page (no database imports: safe in client code). */

const referenceMessages = defineMessages({
  ru: { welcomeBonus: "Приветственный бонус" },
  en: { welcomeBonus: "Welcome bonus" },
});

/** What a ledger reference means to a reader: the promo code for promos, the welcome credit by name, the id itself otherwise. */
export function displayReference(kind: string, reference: string | null, locale: Locale = "ru"): string {
  if (!reference) return "";
  if (kind === "promo" && reference.startsWith("welcome:")) return referenceMessages[locale].welcomeBonus;
  if (kind === "promo" && reference.startsWith("promo:")) return reference.split(":")[1] ?? reference;
  return reference;
}
