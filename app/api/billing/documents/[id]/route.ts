import { plainText } from "../../../download-route";
import { legalDownloadResponse } from "../../legal-download";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/billing/documents/<id>?format=pdf|csv[&org=<orgId>]: an organization's УПД as a PDF, or its appendix by
 * model and key as a CSV for Russian Excel (members with documents.read).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const format = new URL(request.url).searchParams.get("format") ?? "pdf";
  if (format !== "pdf" && format !== "csv") return plainText(400, "format: expected pdf or csv");
  return legalDownloadResponse(request, "document", (await params).id, format);
}
