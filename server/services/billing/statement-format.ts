/** Pure helpers shared by the statements and the billing page (no database imports: safe in client code). */

/** What a ledger reference means to a reader: the promo code for promos, the id itself otherwise. */
export function displayReference(kind: string, reference: string | null): string {
  if (!reference) return "";
  if (kind === "promo" && reference.startsWith("promo:")) return reference.split(":")[1] ?? reference;
  return reference;
}
