import { legalDownloadResponse } from "../../legal-download";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/billing/invoices/<id>[?org=<orgId>]: an organization's invoice as a PDF (members with billing.read). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return legalDownloadResponse(request, "invoice", (await params).id, "pdf");
}
