import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { closingDocuments } from "../../db/schema";
import { updAppendixCsv } from "../../legal/documents/upd-appendix-csv";
import { updPdf, type UpdDocument } from "../../legal/documents/upd-pdf";
import type { UpdLine } from "../../legal/documents/upd-appendix";
import { dayInZone } from "../../core/format/time";
import type { ClosingDocumentData } from "./closing-document-data";
import type { ClosingDocument } from "./issue-upd";

/** What field 8 of every УПД names as the basis of the services. */
const BASIS = "Публичная оферта на оказание услуг доступа к API языковых моделей XRouter";

/** The appendix lines as the renderers take them: exact amounts, a key by its name (its id when it was deleted). */
export const updLines = (data: ClosingDocumentData): UpdLine[] =>
  data.lines.map((line) => ({ model: line.model, keyName: line.keyName ?? line.keyId ?? "—", requests: line.requests, amountMicro: line.amountMicro }));

/** What the PDF prints of an issued document: only its own snapshot, so it reads the same forever. */
export function updDocument(row: ClosingDocument): UpdDocument {
  const data = row.data as ClosingDocumentData;
  const party = (p: { name: string; inn: string; kpp: string | null; address: string }) => ({ name: p.name, inn: p.inn, kpp: p.kpp, address: p.address });
  return {
    number: String(data.correction?.root.number ?? row.number),
    date: data.correction?.root.date ?? data.date,
    ...(data.correction && { correction: { number: data.correction.ordinal, date: dayInZone(row.issuedAt) } }),
    period: row.period,
    seller: party(data.seller),
    buyer: party(data.buyer),
    amountMicro: row.amountMicro,
    vatMicro: row.vatMicro,
    vatBasisPoints: data.rateBasisPoints > 0 ? data.rateBasisPoints : null,
    basis: BASIS,
    lines: updLines(data),
  };
}

/**
 * An organization's closing document as a PDF (the УПД with its appendix) or the appendix as CSV for Russian
 * Excel; undefined when the organization has no such document.
 */
export async function renderClosingDocument(
  db: Db,
  orgId: string,
  documentId: string,
  format: "pdf" | "csv",
): Promise<{ body: Uint8Array | string; filename: string; contentType: string } | undefined> {
  const [row] = await db.select().from(closingDocuments).where(and(eq(closingDocuments.id, documentId), eq(closingDocuments.orgId, orgId)));
  if (!row) return undefined;
  const name = `xrouter-upd-${row.period}-${row.kind === "upd" ? row.number : `correction-${row.number}`}`;
  if (format === "csv")
    return { body: updAppendixCsv(updLines(row.data as ClosingDocumentData)), filename: `${name}-appendix.csv`, contentType: "text/csv; charset=utf-8" };
  return { body: await updPdf(updDocument(row)), filename: `${name}.pdf`, contentType: "application/pdf" };
}
