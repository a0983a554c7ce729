import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { LEGAL_PAGE_SLUGS } from "../../db/schema";
import { idInput } from "../../ids";
import { REQUISITES_FIELDS } from "../../legal/requisites";
import { acceptOffer, currentOfferVersion, latestOfferAcceptance } from "../../services/legal/accept-offer";
import { cancelInvoice } from "../../services/legal/cancel-invoice";
import { getLegalPage } from "../../services/legal/get-legal-page";
import { getOrgRequisites } from "../../services/legal/get-org-requisites";
import { getSellerRequisites } from "../../services/legal/get-seller-requisites";
import { issueInvoice } from "../../services/legal/issue-invoice";
import { listClosingDocuments } from "../../services/legal/list-closing-documents";
import { listInvoices } from "../../services/legal/list-invoices";
import { saveOrgRequisites } from "../../services/legal/save-org-requisites";
import type { ActingAccount } from "../../services/organizations/acting-account";
import { accountProcedure, orgProcedure } from "../account-procedure";
import { legalCall } from "../legal-errors";
import { amountRub } from "../rub-input";
import { createTRPCRouter, publicProcedure } from "../trpc";

const requisitesInput = z.object(
  Object.fromEntries(REQUISITES_FIELDS.map((field) => [field, z.string().max(2000).nullish()])) as {
    [K in (typeof REQUISITES_FIELDS)[number]]: z.ZodOptional<z.ZodNullable<z.ZodString>>;
  },
);
const orgIdOf = (account: ActingAccount) => (account.kind === "organization" ? account.orgId : null);

/**
 * The legal entity of the chosen organization (issue 19 §2–§4): requisites, the offer, invoices and closing
 * documents. Each procedure acts for `ctx.account` and checks the role's permission (services/organizations/permissions.ts).
 */
export const legalRouter = createTRPCRouter({
  /** A public legal page (offer, privacy, consent) with its version. */
  page: publicProcedure.input(z.object({ slug: z.enum(LEGAL_PAGE_SLUGS) })).query(async ({ ctx, input }) => {
    const page = await getLegalPage(ctx.db, input.slug);
    if (!page) throw new TRPCError({ code: "NOT_FOUND", message: "page_not_found" });
    return page;
  }),

  /** The offer's current version and whether the user accepted it for the chosen account (the organization, or themselves). */
  offerStatus: accountProcedure.query(async ({ ctx }) => {
    const version = await currentOfferVersion(ctx.db);
    const accepted = await latestOfferAcceptance(ctx.db, ctx.user.id, orgIdOf(ctx.account));
    return { version, acceptedVersion: accepted?.version ?? null, acceptedAt: accepted?.acceptedAt ?? null, current: accepted?.version === version };
  }),

  /** Records the user's acceptance of the offer version they were shown (refused unless it is the current one). */
  acceptOffer: accountProcedure
    .input(z.object({ version: z.number().int().positive() }))
    .mutation(({ ctx, input }) =>
      legalCall(() => acceptOffer(ctx.db, { userId: ctx.user.id, orgId: orgIdOf(ctx.account), version: input.version, ip: ctx.source?.ip ?? null })),
    ),

  requisites: orgProcedure.need("requisites.manage").query(async ({ ctx }) => (await getOrgRequisites(ctx.db, ctx.account.orgId)) ?? null),

  /** Saves the requisites and the acceptance of the offer version shown beside the form (`offer_not_accepted` otherwise). */
  saveRequisites: orgProcedure
    .need("requisites.manage")
    .input(z.object({ requisites: requisitesInput, offerVersion: z.number().int().positive() }))
    .mutation(({ ctx, input }) =>
      legalCall(() =>
        saveOrgRequisites(ctx.db, {
          orgId: ctx.account.orgId,
          userId: ctx.user.id,
          requisites: input.requisites,
          offerVersion: input.offerVersion,
          ip: ctx.source?.ip ?? null,
        }),
      ),
    ),

  /** Whether invoices can be issued now: the organization's and the seller's requisites are both set. */
  invoiceReadiness: orgProcedure.need("billing.read").query(async ({ ctx }) => ({
    requisites: !!(await getOrgRequisites(ctx.db, ctx.account.orgId)),
    seller: !!(await getSellerRequisites(ctx.db)),
  })),

  invoices: orgProcedure.need("billing.read").query(({ ctx }) => listInvoices(ctx.db, ctx.account.orgId)),

  /** Issues an invoice for `amount` rubles (whole kopecks, VAT included); the PDF is GET /api/billing/invoices/<id>. */
  issueInvoice: orgProcedure
    .need("billing.pay")
    .input(z.object({ amount: amountRub }))
    .mutation(({ ctx, input }) =>
      legalCall(() => issueInvoice(ctx.db, { orgId: ctx.account.orgId, amountMicro: input.amount, userId: ctx.user.id })),
    ),

  cancelInvoice: orgProcedure
    .need("billing.pay")
    .input(z.object({ invoiceId: idInput("inv") }))
    .mutation(async ({ ctx, input }) => {
      await legalCall(() => cancelInvoice(ctx.db, ctx.account.orgId, input.invoiceId));
      return { ok: true };
    }),

  /** The organization's УПД and corrections; PDF and CSV at GET /api/billing/documents/<id>?format=pdf|csv. */
  documents: orgProcedure.need("documents.read").query(({ ctx }) => listClosingDocuments(ctx.db, ctx.account.orgId)),
});
