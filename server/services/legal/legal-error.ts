/** Why a legal-entity action was refused; the portal translates `code`, `fields` names each wrong field (in Russian). */
export type LegalErrorCode =
  | "offer_not_accepted"
  | "requisites_invalid"
  | "requisites_missing"
  | "seller_requisites_missing"
  | "vat_rate_missing"
  | "vat_rate_invalid"
  | "invoice_not_found"
  | "invoice_not_open"
  | "payment_not_found"
  | "payment_already_credited"
  | "statement_unreadable"
  | "document_not_found"
  | "organization_not_found"
  | "nothing_to_correct"
  | "month_not_over"
  | "no_charges";

export class LegalError extends Error {
  constructor(
    readonly code: LegalErrorCode,
    readonly fields?: Record<string, string>,
  ) {
    super(fields ? `${code}: ${Object.values(fields).join("; ")}` : code);
    this.name = "LegalError";
  }
}
