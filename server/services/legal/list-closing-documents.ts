import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { closingDocuments } from "../../db/schema";
import type { ClosingDocumentData } from "./closing-document-data";

/** An organization's УПД and corrections, newest period first. */
export async function listClosingDocuments(db: Db, orgId: string) {
  const rows = await db
    .select()
    .from(closingDocuments)
    .where(eq(closingDocuments.orgId, orgId))
    .orderBy(desc(closingDocuments.period), desc(closingDocuments.issuedAt));
  return rows.map((row) => {
    const data = row.data as ClosingDocumentData;
    return {
      id: row.id,
      kind: row.kind,
      period: row.period,
      /** As printed: a correction prints the number and date of the УПД it corrects. */
      number: data.correction?.root.number ?? row.number,
      date: data.correction?.root.date ?? data.date,
      correctionOrdinal: data.correction?.ordinal ?? null,
      correctsId: row.correctsId,
      amountMicro: row.amountMicro,
      vatMicro: row.vatMicro,
      vatBasisPoints: data.rateBasisPoints,
      issuedAt: row.issuedAt,
      mailedAt: row.mailedAt,
    };
  });
}
