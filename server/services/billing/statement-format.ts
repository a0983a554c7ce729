import { defineMessages, format, type Locale } from "../../core/locale";

/** Pure helpers shared by the statements and the billing page (no database imports: safe in client code). */

const referenceMessages = defineMessages({
  ru: {
    welcomeBonus: "Приветственный бонус",
    promoNote: "Промокод {code}",
    yookassaNote: "Пополнение через ЮKassa ({id})",
    cliNote: "Начислено командой xrouter credits add",
  },
  en: {
    welcomeBonus: "Welcome bonus",
    promoNote: "Promo code {code}",
    yookassaNote: "YooKassa top-up ({id})",
    cliNote: "Added with xrouter credits add",
  },
});

type ReferenceLabels = (typeof referenceMessages)["en"];

/** What a ledger reference means to a reader: the promo code for promos, the welcome credit by name, the id itself otherwise. */
export function displayReference(kind: string, reference: string | null, locale: Locale = "ru"): string {
  if (!reference) return "";
  if (kind === "promo" && reference.startsWith("welcome:")) return referenceMessages[locale].welcomeBonus;
  if (kind === "promo" && reference.startsWith("promo:")) return reference.split(":")[1] ?? reference;
  return reference;
}

/** The notes the server itself writes in English (redeem-promo, apply-payment, the CLI), by ledger kind, as the reader's words. */
const SYSTEM_NOTES: { kind: string; pattern: RegExp; label: (labels: ReferenceLabels, match: RegExpMatchArray) => string }[] = [
  { kind: "promo", pattern: /^promo (\S+)$/, label: (l, m) => format(l.promoNote, { code: m[1]! }) },
  { kind: "topup", pattern: /^YooKassa top-up (\S+)$/, label: (l, m) => format(l.yookassaNote, { id: m[1]! }) },
  { kind: "adjustment", pattern: /^added with xrouter credits add$/, label: (l) => l.cliNote },
];

/**
 * A ledger row's note as a reader should read it: the welcome credit named from its kind and reference (older rows
 * carry the note "demo credit"), the notes the server writes in English in the reader's language, and everything
 * else as it was written (an admin's or operator's own note, a bank payment's, a charge's model id).
 */
export function displayNote(entry: { kind: string; reference: string | null; note: string | null }, locale: Locale = "ru"): string {
  const labels: ReferenceLabels = referenceMessages[locale];
  if (entry.kind === "promo" && entry.reference?.startsWith("welcome:")) return labels.welcomeBonus;
  if (!entry.note) return "";
  for (const { kind, pattern, label } of SYSTEM_NOTES) {
    const match = entry.kind === kind ? entry.note.match(pattern) : null;
    if (match) return label(labels, match);
  }
  return entry.note;
}
