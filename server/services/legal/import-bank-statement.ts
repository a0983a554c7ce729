import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { bankImports, bankPayments, invoices } from "../../db/schema";
import { newId } from "../../ids";
import { getLogger } from "../../logging/logger";
import { parseStatement1C, statementErrorText, type StatementDocument } from "../../legal/bank-statement-1c";
import { matchPayments, paymentKey, paymentMatchText, type OpenInvoice, type PaymentMatch } from "../../legal/match-payments";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { creditMeter } from "../credits/add-credits";
import { creditBankPayment, payInvoice } from "./credit-bank-payment";
import { getSellerRequisites } from "./get-seller-requisites";
import { LegalError } from "./legal-error";

export interface ImportedPayment {
  /** The bank_payments row; null for a duplicate (the row of the earlier upload stands). */
  id: string | null;
  line: number;
  docNumber: string;
  docDate: string;
  payerName: string;
  payerInn: string | null;
  amountMicro: number;
  /** `failed`: the database refused its row; nothing of it was booked, a re-upload tries it again. */
  status: "matched" | "unmatched" | "duplicate" | "failed";
  creditedMicro: number;
  /** What happened, in Russian: the invoice and part/over payment, or why it is unmatched. */
  note: string;
}

export interface BankImportResult {
  importId: string;
  /** Malformed parts of the file, each naming its line (Russian). */
  errors: { line: number; text: string }[];
  payments: ImportedPayment[];
  counts: {
    documents: number;
    incoming: number;
    matched: number;
    unmatched: number;
    duplicates: number;
    malformed: number;
    failed: number;
    creditedMicro: number;
  };
}

/** Payments already stored under the same (docNumber, docDate, payerAccount): a re-upload books nothing for them. */
async function bookedKeys(db: Db, documents: StatementDocument[]): Promise<Set<string>> {
  if (documents.length === 0) return new Set();
  const rows = await db
    .select({ docNumber: bankPayments.docNumber, docDate: bankPayments.docDate, payerAccount: bankPayments.payerAccount })
    .from(bankPayments)
    .where(inArray(bankPayments.docNumber, [...new Set(documents.map((d) => d.number))]));
  return new Set(rows.map((row) => paymentKey({ number: row.docNumber, date: row.docDate, payerAccount: row.payerAccount })));
}

async function openInvoices(db: Db): Promise<(OpenInvoice & { orgId: string })[]> {
  return db
    .select({
      id: invoices.id,
      orgId: invoices.orgId,
      year: invoices.year,
      number: invoices.number,
      buyerInn: sql<string>`${invoices.buyer}->>'inn'`,
      amountMicro: invoices.amountMicro,
      paidMicro: invoices.paidMicro,
    })
    .from(invoices)
    .where(eq(invoices.status, "issued"));
}

/**
 * Imports a 1CClientBankExchange statement (admin only): every incoming document is stored once (the unique
 * (docNumber, docDate, payerAccount) makes a re-upload a no-op), matched to an open invoice by its number in the
 * purpose and the payer's ИНН, and a matched one is credited to the organization's wallet in the same transaction
 * as its row. Unmatched ones wait for an admin (assignBankPayment). Malformed documents are named by line; a payment
 * the database refuses is reported `failed` (its transaction rolled back) and the others are still booked, so the
 * import's counts and audit event are always written.
 */
export async function importBankStatement(
  db: Db,
  input: { fileName: string; content: Uint8Array; adminId: string; source?: RequestSource },
): Promise<BankImportResult> {
  const seller = await getSellerRequisites(db);
  const statement = parseStatement1C(input.content, { ownAccounts: seller ? [seller.account] : [] });
  const errors = statement.errors.map((error) => ({ line: error.line, text: statementErrorText(error, "ru") }));
  if (statement.errors.some((error) => error.problem === "not_1c")) throw new LegalError("statement_unreadable", { file: errors[0]!.text });

  const incoming = statement.documents.filter((document) => document.incoming);
  const open = await openInvoices(db);
  const orgOf = new Map(open.map((invoice) => [invoice.id, invoice.orgId]));
  const matches = matchPayments(incoming, open, await bookedKeys(db, incoming));
  const importId = newId("bimp");
  await db.insert(bankImports).values({ id: importId, fileName: input.fileName.slice(0, 255), uploadedByUserId: input.adminId, counts: {} });

  const payments: ImportedPayment[] = [];
  for (const match of matches) {
    try {
      payments.push(await storePayment(db, importId, match, orgOf, input));
    } catch (err) {
      getLogger().error({ err, importId, line: match.payment.line }, "bank payment not stored");
      payments.push(failedPayment(match.payment));
      errors.push({ line: match.payment.line, text: `Строка ${match.payment.line}: платёж не записан, загрузите выписку ещё раз позже` });
    }
  }

  const count = (status: ImportedPayment["status"]) => payments.filter((p) => p.status === status).length;
  const counts = {
    documents: statement.documents.length,
    incoming: incoming.length,
    matched: count("matched"),
    unmatched: count("unmatched"),
    duplicates: count("duplicate"),
    failed: count("failed"),
    malformed: new Set(statement.errors.map((error) => error.line)).size,
    creditedMicro: payments.reduce((sum, p) => sum + p.creditedMicro, 0),
  };
  await db.update(bankImports).set({ counts }).where(eq(bankImports.id, importId));
  await recordAuditEvent(db, {
    kind: "admin.bank_statement_imported",
    userId: null,
    actorId: input.adminId,
    subject: importId,
    source: input.source,
    data: { fileName: input.fileName, ...counts },
  });
  return { importId, errors, payments, counts };
}

/** What a result tells of the statement's document itself. */
const paymentBase = (payment: StatementDocument) => ({
  line: payment.line,
  docNumber: payment.number,
  docDate: payment.date,
  payerName: payment.payerName,
  payerInn: payment.payerInn,
  amountMicro: payment.amountMicro,
});

function failedPayment(payment: StatementDocument): ImportedPayment {
  return {
    ...paymentBase(payment),
    id: null,
    status: "failed",
    creditedMicro: 0,
    note: "Не записан из-за ошибки базы данных; при повторной загрузке выписки будет обработан снова",
  };
}

/** One incoming payment: its row, and for a matched one the invoice's payment and the credit, in one transaction. */
async function storePayment(
  db: Db,
  importId: string,
  match: PaymentMatch<StatementDocument>,
  orgOf: Map<string, string>,
  input: { adminId: string; source?: RequestSource },
): Promise<ImportedPayment> {
  const { payment } = match;
  const base = paymentBase(payment);
  const duplicate = { ...base, id: null, status: "duplicate" as const, creditedMicro: 0, note: paymentMatchText({ ...match, status: "unmatched", reason: "duplicate" }, "ru") };
  if (match.status === "unmatched" && match.reason === "duplicate") return duplicate;

  const id = newId("bpay");
  const outcome = await db.transaction(async (tx) => {
    const stored = await tx
      .insert(bankPayments)
      .values({
        id,
        importId,
        docNumber: payment.number,
        docDate: payment.date,
        payerAccount: payment.payerAccount,
        payerInn: payment.payerInn,
        payerName: payment.payerName,
        amountMicro: payment.amountMicro,
        purpose: payment.purpose,
        status: "unmatched",
        note: match.status === "unmatched" ? paymentMatchText(match, "ru") : null,
      })
      .onConflictDoNothing()
      .returning({ id: bankPayments.id });
    // Another upload stored it between our look and now.
    if (stored.length === 0) return undefined;
    if (match.status === "unmatched") return { status: "unmatched" as const, creditedMicro: 0, note: paymentMatchText(match, "ru"), walletUserId: null };
    const orgId = orgOf.get(match.invoiceId)!;
    const invoice = await payInvoice(tx, orgId, match.invoiceId, payment.amountMicro);
    // The invoice was paid or cancelled since the match: an admin decides where the money goes.
    if (!invoice) {
      const note = "Счёт из назначения платежа больше не открыт";
      await tx.update(bankPayments).set({ note }).where(eq(bankPayments.id, id));
      return { status: "unmatched" as const, creditedMicro: 0, note, walletUserId: null };
    }
    const credit = await creditBankPayment(tx, {
      payment: { id, docNumber: payment.number, docDate: payment.date, payerName: payment.payerName, amountMicro: payment.amountMicro },
      orgId,
      invoice,
      actorId: input.adminId,
      source: input.source,
      status: "matched",
    });
    return { status: "matched" as const, creditedMicro: credit.booked ? payment.amountMicro : 0, note: credit.note, walletUserId: credit.walletUserId };
  });
  if (!outcome) return duplicate;
  if (outcome.walletUserId && outcome.creditedMicro > 0)
    await creditMeter(outcome.walletUserId, outcome.creditedMicro).catch((err: unknown) =>
      getLogger().error({ err, paymentId: id }, "bank payment not added to the cached balance"),
    );
  return { ...base, id, status: outcome.status, creditedMicro: outcome.creditedMicro, note: outcome.note };
}
