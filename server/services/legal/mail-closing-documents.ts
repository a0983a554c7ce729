import { and, asc, eq, isNull, notInArray } from "drizzle-orm";
import { formatRub } from "../../core/format/rub";
import { formatMonth } from "../../core/format/time";
import { publicUrl } from "../../core/public-url";
import type { Db } from "../../db";
import { closingDocuments } from "../../db/schema";
import { shortDate } from "../../legal/documents/dates";
import { getLogger } from "../../logging/logger";
import { sendMail, type Mail } from "../mail/send-mail";
import type { ClosingDocumentData } from "./closing-document-data";

const HOUR_MS = 3_600_000;
/** A failing send waits 1 h, then 2, 4 … up to a day before the next try. */
const retryDelayMs = (attempts: number) => Math.min(HOUR_MS * 2 ** (attempts - 1), 24 * HOUR_MS);
/**
 * Documents whose mail failed lately and when to try again. In memory: the job runs on the lease holder, and a
 * restart only brings the next try forward.
 */
const failures = new Map<string, { attempts: number; retryAt: number }>();

type ClosingDocumentRow = typeof closingDocuments.$inferSelect;

function closingDocumentMail(document: ClosingDocumentRow, base: string): Mail {
  const data = document.data as ClosingDocumentData;
  const number = data.correction?.root.number ?? document.number;
  const title = `УПД № ${number} от ${shortDate(data.correction?.root.date ?? data.date)}${data.correction ? ` (исправление № ${data.correction.ordinal})` : ""}`;
  const link = `${base}/api/billing/documents/${document.id}?org=${document.orgId}`;
  return {
    to: data.buyer.docsEmail,
    subject: `${title} — XRouter`,
    text: [
      "Здравствуйте!",
      "",
      `Сформирован универсальный передаточный документ ${title} за ${formatMonth(document.period, "ru")} для ${data.buyer.name}.`,
      `Сумма: ${formatRub(document.amountMicro, "ru")}, ${data.rateBasisPoints > 0 ? `в т.ч. НДС ${formatRub(document.vatMicro, "ru")}` : "без НДС"}.`,
      "",
      `Документ (PDF): ${link}&format=pdf`,
      `Расшифровка по моделям и ключам (CSV): ${link}&format=csv`,
      "",
      "Ссылки открываются после входа в XRouter участником организации с доступом к документам.",
    ].join("\n"),
  };
}

/**
 * Mails each issued document not mailed yet, oldest first, to its buyer's documents mailbox, with links to the PDF
 * and the appendix (the recipient signs in as a member). The document's row stays locked while its mail is sent and
 * mailedAt is set after the send in the same transaction: another instance skips it meanwhile, and a crash before the
 * commit leaves it for the next run (at least once). A document whose send failed waits (1 h, doubling up to a day)
 * so it does not hold back the others. Returns the ids mailed.
 */
export async function mailClosingDocuments(db: Db, options: { baseUrl?: string; limit?: number; now?: Date } = {}): Promise<string[]> {
  const now = (options.now ?? new Date()).getTime();
  const waiting = [...failures].filter(([, failure]) => failure.retryAt > now).map(([id]) => id);
  const due = await db
    .select({ id: closingDocuments.id })
    .from(closingDocuments)
    .where(and(isNull(closingDocuments.mailedAt), waiting.length ? notInArray(closingDocuments.id, waiting) : undefined))
    .orderBy(asc(closingDocuments.issuedAt), asc(closingDocuments.id))
    .limit(options.limit ?? 100);
  const base = (options.baseUrl ?? publicUrl()).replace(/\/+$/, "");
  const mailed: string[] = [];
  for (const { id } of due) {
    try {
      const sent = await db.transaction(async (tx) => {
        const [document] = await tx
          .select()
          .from(closingDocuments)
          .where(and(eq(closingDocuments.id, id), isNull(closingDocuments.mailedAt)))
          .for("update", { skipLocked: true });
        if (!document) return false;
        await sendMail(tx, closingDocumentMail(document, base));
        await tx.update(closingDocuments).set({ mailedAt: new Date() }).where(eq(closingDocuments.id, id));
        return true;
      });
      failures.delete(id);
      if (sent) mailed.push(id);
    } catch (err) {
      const attempts = (failures.get(id)?.attempts ?? 0) + 1;
      failures.set(id, { attempts, retryAt: now + retryDelayMs(attempts) });
      getLogger().warn({ err, documentId: id, attempts }, "closing document mail failed");
    }
  }
  return mailed;
}
