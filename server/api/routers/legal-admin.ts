import { z } from "zod";
import { LEGAL_PAGE_SLUGS } from "../../db/schema";
import { idInput } from "../../ids";
import { MONTH_PATTERN } from "../../services/billing/statement-period";
import { addVatRate } from "../../services/legal/add-vat-rate";
import { assignBankPayment } from "../../services/legal/assign-bank-payment";
import { getSellerRequisites, SELLER_VAT_STATUSES } from "../../services/legal/get-seller-requisites";
import { importBankStatement } from "../../services/legal/import-bank-statement";
import { issueMonthClosingDocuments } from "../../services/legal/issue-month-closing-documents";
import { issueUpd } from "../../services/legal/issue-upd";
import { listBankPayments } from "../../services/legal/list-bank-payments";
import { listOpenInvoices } from "../../services/legal/list-open-invoices";
import { mailClosingDocuments } from "../../services/legal/mail-closing-documents";
import { listVatRates } from "../../services/legal/list-vat-rates";
import { saveLegalPage } from "../../services/legal/save-legal-page";
import { saveSellerRequisites } from "../../services/legal/save-seller-requisites";
import { legalCall } from "../legal-errors";
import { recordAdminAction } from "../record-admin-action";
import { adminProcedure, createTRPCRouter } from "../trpc";

const text = z.string().max(2000).nullish();
const month = z.string().regex(MONTH_PATTERN, "expected YYYY-MM");
/** A statement of a few thousand payments is well under a megabyte; base64 adds a third. */
const MAX_STATEMENT_BASE64 = 8 * 1024 * 1024;

/** The operator's side of issue 19: seller requisites, VAT, legal texts, bank statements and closing documents (admins only). */
export const legalAdminRouter = createTRPCRouter({
  sellerRequisites: adminProcedure.query(async ({ ctx }) => (await getSellerRequisites(ctx.db)) ?? null),

  /** Refused with `requisites_invalid` and a Russian message per wrong field (data.zodError.fieldErrors). */
  saveSellerRequisites: adminProcedure
    .input(
      z.object({
        name: text,
        inn: text,
        kpp: text,
        ogrn: text,
        address: text,
        bankName: text,
        bik: text,
        account: text,
        corrAccount: text,
        vatStatus: z.enum(SELLER_VAT_STATUSES),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const saved = await legalCall(() => saveSellerRequisites(ctx.db, input));
      await recordAdminAction(ctx, { kind: "admin.seller_requisites_set", data: { inn: saved.inn, vatStatus: saved.vatStatus } });
      return saved;
    }),

  vatRates: adminProcedure.query(({ ctx }) => listVatRates(ctx.db)),

  /** A rate from a date on, in basis points (2200 = 22 %); documents already issued keep theirs. */
  addVatRate: adminProcedure
    .input(z.object({ validFrom: z.iso.date(), rateBasisPoints: z.number().int().min(0).max(10_000) }))
    .mutation(async ({ ctx, input }) => {
      const added = await legalCall(() => addVatRate(ctx.db, input));
      await recordAdminAction(ctx, { kind: "admin.vat_rate_added", subject: input.validFrom, data: { ...input } });
      return added;
    }),

  /** A new version of a legal page; users are asked to accept a new offer version. */
  savePage: adminProcedure
    .input(z.object({ slug: z.enum(LEGAL_PAGE_SLUGS), body: z.string().trim().min(1).max(200_000) }))
    .mutation(async ({ ctx, input }) => {
      const page = await saveLegalPage(ctx.db, { ...input, adminId: ctx.user.id });
      await recordAdminAction(ctx, { kind: "admin.legal_page_saved", subject: input.slug, data: { version: page.version } });
      return page;
    }),

  /** Uploads a 1C statement (base64 of the file as the bank exported it); a re-upload credits nothing. */
  importStatement: adminProcedure
    .input(z.object({ fileName: z.string().trim().min(1).max(255), contentBase64: z.base64().max(MAX_STATEMENT_BASE64) }))
    .mutation(({ ctx, input }) =>
      legalCall(() =>
        importBankStatement(ctx.db, {
          fileName: input.fileName,
          content: Buffer.from(input.contentBase64, "base64"),
          adminId: ctx.user.id,
          source: ctx.source,
        }),
      ),
    ),

  bankPayments: adminProcedure
    .input(z.object({ status: z.enum(["matched", "unmatched", "assigned"]).default("unmatched") }))
    .query(({ ctx, input }) => listBankPayments(ctx.db, { status: input.status })),

  /** Open invoices of every organization (to pick one when assigning a payment by hand). */
  openInvoices: adminProcedure.query(({ ctx }) => listOpenInvoices(ctx.db)),

  /** Credits an unmatched payment to an organization (optionally against one of its open invoices), once, audited. */
  assignPayment: adminProcedure
    .input(z.object({ paymentId: idInput("bpay"), orgId: idInput("org"), invoiceId: idInput("inv").nullish() }))
    .mutation(({ ctx, input }) => legalCall(() => assignBankPayment(ctx.db, { ...input, adminId: ctx.user.id, source: ctx.source }))),

  /**
   * Issues the month's УПД by hand: for one organization (idempotent: the one already issued comes back) or, without
   * `orgId`, for every organization with charges in it (what the monthly job does), then mails what is new.
   */
  issueMonthDocuments: adminProcedure.input(z.object({ month, orgId: idInput("org").optional() })).mutation(async ({ ctx, input }) => {
    if (!input.orgId) return { ...(await legalCall(() => issueMonthClosingDocuments(ctx.db, { month: input.month }))), document: null };
    const { document, created } = await legalCall(() => issueUpd(ctx.db, { orgId: input.orgId!, month: input.month }));
    return { month: input.month, issued: created ? [document.id] : [], skipped: [], mailed: await mailClosingDocuments(ctx.db), document };
  }),

  /** A correction of an organization's month (its charges changed since its УПД): a new document referring to it. */
  correctMonthDocument: adminProcedure.input(z.object({ month, orgId: idInput("org") })).mutation(async ({ ctx, input }) => {
    const { document } = await legalCall(() => issueUpd(ctx.db, { ...input, correction: true }));
    await recordAdminAction(ctx, { kind: "admin.closing_document_corrected", subject: document.id, data: { orgId: input.orgId, month: input.month } });
    return document;
  }),
});
