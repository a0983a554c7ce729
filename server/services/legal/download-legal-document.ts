import type { Db } from "../../db";
import { resolveActingAccount } from "../organizations/acting-account";
import { can } from "../organizations/permissions";
import { renderClosingDocument } from "./render-closing-document";
import { renderInvoicePdf } from "./render-invoice-pdf";

export interface LegalDownloadRequest {
  what: "invoice" | "document";
  id: string;
  format: "pdf" | "csv";
  /** The organization the link names (mailed links carry it), else the switcher's cookie: checked against membership now. */
  requestedOrg: string | undefined;
}

export type LegalDownload =
  | { ok: true; body: Uint8Array | string; filename: string; contentType: string }
  | { ok: false; status: 403 | 404; error: string };

/**
 * A download route's whole decision, the same checks as the tRPC procedures: the user must be a member of the
 * organization with `billing.read` (invoices) or `documents.read` (УПД), and the file must be that organization's;
 * another organization's id answers 404, as if it did not exist.
 */
export async function downloadLegalDocument(db: Db, userId: string, request: LegalDownloadRequest): Promise<LegalDownload> {
  const account = await resolveActingAccount(db, userId, request.requestedOrg);
  if (account.kind !== "organization") return { ok: false, status: 404, error: "not_found" };
  if (!can(account, request.what === "invoice" ? "billing.read" : "documents.read")) return { ok: false, status: 403, error: "role_forbidden" };
  if (request.what === "invoice") {
    const invoice = await renderInvoicePdf(db, account.orgId, request.id);
    return invoice ? { ok: true, body: invoice.pdf, filename: invoice.filename, contentType: "application/pdf" } : { ok: false, status: 404, error: "not_found" };
  }
  const document = await renderClosingDocument(db, account.orgId, request.id, request.format);
  return document ? { ok: true, ...document } : { ok: false, status: 404, error: "not_found" };
}
