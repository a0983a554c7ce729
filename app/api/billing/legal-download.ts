import { requestedAccount } from "@/server/auth/acting-account";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { downloadLegalDocument, type LegalDownloadRequest } from "@/server/services/legal/download-legal-document";
import { plainText } from "../download-route";

/**
 * The invoice and УПД downloads: the signed-in user, the organization the link names (`?org=`, as mailed links do)
 * or the switcher's cookie, and the service's membership and role checks (the same as the portal's procedures).
 */
export async function legalDownloadResponse(request: Request, what: LegalDownloadRequest["what"], id: string, format: LegalDownloadRequest["format"]): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return plainText(401, "unauthorized");
  const requestedOrg = new URL(request.url).searchParams.get("org") ?? (await requestedAccount());
  const result = await downloadLegalDocument(await getDb(), user.id, { what, id, format, requestedOrg });
  if (!result.ok) return plainText(result.status, result.error);
  return new Response(typeof result.body === "string" ? result.body : Buffer.from(result.body), {
    headers: { "content-type": result.contentType, "content-disposition": attachment(result.filename), "cache-control": "private, no-store" },
  });
}

/** A header is bytes: the Cyrillic name (СЧ-…, УПД-…) goes as RFC 6266's `filename*`, with an ASCII fallback. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
