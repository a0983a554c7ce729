import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { DbHandle } from "../../db/client";
import { apiKeys, invoices, offerAcceptances, type OrgRole } from "../../db/schema";
import { newId } from "../../ids";
import { buildStatement1C } from "../../legal/bank-statement-1c";
import { SAMPLE_SELLER } from "../../legal/fixtures/sample-statement";
import { bookTestRow } from "../../services/billing/statement-test-helpers";
import { downloadLegalDocument } from "../../services/legal/download-legal-document";
import { expireInvoices } from "../../services/legal/expire-invoices";
import { invoicePurpose } from "../../services/legal/invoice-document";
import { createTestOrg, ogrnFrom, saveTestSeller, TEST_SELLER } from "../../services/legal/legal-test-helpers";
import { pdfText } from "../../testing/read-pdf";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";
import { createUser } from "../../services/users/create-user";
import { createCaller } from "../root";

let handle: DbHandle;
let admin: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  admin = await createTestUser(handle, "admin");
  await saveTestSeller(handle.db);
});
afterAll(() => handle?.close());

const IP = "203.0.113.9";
const ROLES: OrgRole[] = ["owner", "admin", "developer", "billing", "viewer"];
const callerFor = (userId: string, orgId?: string) =>
  createCaller({ db: handle.db, user: { id: userId, email: `${userId}@example.test`, role: "user" }, requestedAccount: orgId, source: { ip: IP } });

/** An organization with one member of every role, and a caller for each acting in it. */
async function orgWithEveryRole(options: Parameters<typeof createTestOrg>[1] = {}) {
  const { org, members } = await createTestOrg(handle.db, { members: ["admin", "developer", "billing", "viewer"], ...options });
  const as = Object.fromEntries(ROLES.map((role) => [role, callerFor(members[role], org.id)])) as Record<OrgRole, ReturnType<typeof callerFor>>;
  return { org, members, as };
}

const VALID_REQUISITES = {
  entityType: "ul",
  name: "ООО «Ромашка»",
  inn: "7728145678",
  kpp: "772801001",
  ogrn: ogrnFrom("102770000001"),
  address: "125009, г. Москва, ул. Тверская, д. 1",
  docsEmail: "buh@romashka.example",
};

/** Whether the call is refused for the role (FORBIDDEN role_forbidden) rather than done. */
async function refused(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return false;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "FORBIDDEN") return true;
    throw err;
  }
}

describe("legal procedures: each role does exactly what the permission table allows", () => {
  it("requisites: owner, admin, billing; invoices and documents: readable by all but developers; issuing: owner, admin, billing", async () => {
    const { as } = await orgWithEveryRole();
    const { version } = await as.owner.legal.offerStatus();
    const allowed = async (run: (caller: ReturnType<typeof callerFor>) => Promise<unknown>) => {
      const result: OrgRole[] = [];
      for (const role of ROLES) if (!(await refused(run(as[role])))) result.push(role);
      return result;
    };
    expect(await allowed((c) => c.legal.requisites())).toEqual(["owner", "admin", "billing"]);
    expect(await allowed((c) => c.legal.saveRequisites({ requisites: VALID_REQUISITES, offerVersion: version }))).toEqual(["owner", "admin", "billing"]);
    expect(await allowed((c) => c.legal.invoiceReadiness())).toEqual(["owner", "admin", "billing", "viewer"]);
    expect(await allowed((c) => c.legal.invoices())).toEqual(["owner", "admin", "billing", "viewer"]);
    expect(await allowed((c) => c.legal.issueInvoice({ amount: "100" }))).toEqual(["owner", "admin", "billing"]);
    const [open] = await as.owner.legal.invoices();
    expect(await allowed((c) => c.legal.cancelInvoice({ invoiceId: open!.id }).catch((err: { code?: string }) => {
      // The first allowed role cancels it; the next ones find it no longer open.
      if (err.code === "CONFLICT") return;
      throw err;
    }))).toEqual(["owner", "admin", "billing"]);
    expect(await allowed((c) => c.legal.documents())).toEqual(["owner", "admin", "billing", "viewer"]);
    // The offer is every member's own.
    expect(await allowed((c) => c.legal.offerStatus())).toEqual(ROLES);
  });

  it("in the personal account the organization's procedures answer organization_required", async () => {
    const { user } = await createTestUser(handle);
    const personal = callerFor(user.id);
    for (const call of [personal.legal.requisites(), personal.legal.invoices(), personal.legal.issueInvoice({ amount: "100" }), personal.legal.documents()])
      expect(await errorOf(call)).toMatchObject({ code: "BAD_REQUEST", message: "organization_required" });
  });

  it("the admin procedures refuse everyone but admins", async () => {
    const { as } = await orgWithEveryRole();
    const calls = [
      as.owner.legalAdmin.sellerRequisites(),
      as.owner.legalAdmin.saveSellerRequisites({ ...TEST_SELLER }),
      as.owner.legalAdmin.vatRates(),
      as.owner.legalAdmin.addVatRate({ validFrom: "2098-01-01", rateBasisPoints: 2000 }),
      as.owner.legalAdmin.savePage({ slug: "privacy", body: "# x" }),
      as.owner.legalAdmin.importStatement({ fileName: "a.txt", contentBase64: "" }),
      as.owner.legalAdmin.bankPayments({}),
      as.owner.legalAdmin.openInvoices(),
      as.owner.legalAdmin.assignPayment({ paymentId: newId("bpay"), orgId: newId("org") }),
      as.owner.legalAdmin.issueMonthDocuments({ month: "2026-11" }),
      as.owner.legalAdmin.correctMonthDocument({ month: "2026-11", orgId: newId("org") }),
    ];
    for (const call of calls) expect((await errorOf(call)).code).toBe("FORBIDDEN");
  });
});

describe("isolation between organizations", () => {
  it("a member of A cannot read, cancel, download or issue for B, whatever the cookie says", async () => {
    const a = await orgWithEveryRole();
    const b = await orgWithEveryRole({ inn: "5003012349" });
    const invoice = await b.as.billing.legal.issueInvoice({ amount: "1 000" });
    // B's invoice is not in A's list, and A cannot cancel it.
    expect((await a.as.owner.legal.invoices()).map((i) => i.id)).not.toContain(invoice.id);
    expect(await errorOf(a.as.owner.legal.cancelInvoice({ invoiceId: invoice.id }))).toMatchObject({ code: "NOT_FOUND", message: "invoice_not_found" });
    // A's owner naming B in the cookie is not a member there: the personal account, which has no organization.
    const intruder = callerFor(a.members.owner, b.org.id);
    expect(await errorOf(intruder.legal.invoices())).toMatchObject({ message: "organization_required" });
    expect(await errorOf(intruder.legal.issueInvoice({ amount: "5" }))).toMatchObject({ message: "organization_required" });
    expect(await errorOf(intruder.legal.saveRequisites({ requisites: VALID_REQUISITES, offerVersion: 1 }))).toMatchObject({ message: "organization_required" });
    // Downloads: B's invoice by A's member, as A or naming B, is not found; by B's billing member it is.
    expect(await downloadLegalDocument(handle.db, a.members.owner, { what: "invoice", id: invoice.id, format: "pdf", requestedOrg: a.org.id })).toMatchObject({ ok: false, status: 404 });
    expect(await downloadLegalDocument(handle.db, a.members.owner, { what: "invoice", id: invoice.id, format: "pdf", requestedOrg: b.org.id })).toMatchObject({ ok: false, status: 404 });
    expect(await downloadLegalDocument(handle.db, b.members.developer, { what: "invoice", id: invoice.id, format: "pdf", requestedOrg: b.org.id })).toMatchObject({ ok: false, status: 403 });
    const own = await downloadLegalDocument(handle.db, b.members.viewer, { what: "invoice", id: invoice.id, format: "pdf", requestedOrg: b.org.id });
    expect(own).toMatchObject({ ok: true, contentType: "application/pdf", filename: `xrouter-invoice-${invoice.numberText}.pdf` });
  });
});

describe("legal.saveRequisites", () => {
  it("names each wrong field in Russian, in the portal's field-error shape", async () => {
    const { as } = await orgWithEveryRole({ requisites: false });
    const { version } = await as.owner.legal.offerStatus();
    const err = await errorOf(
      as.billing.legal.saveRequisites({ requisites: { ...VALID_REQUISITES, inn: "7728145679", kpp: "", bik: "044525974", bankAccount: "4070281000000000000" }, offerVersion: version }),
    );
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: "requisites_invalid" });
    expect(err.cause).toBeInstanceOf(ZodError);
    const fields = (err.cause as ZodError).flatten().fieldErrors as Record<string, string[]>;
    expect(fields).toEqual({
      inn: ["Неверная контрольная сумма ИНН — проверьте цифры"],
      kpp: ["КПП: заполните поле"],
      bankAccount: ["Расчётный счёт — 20 цифр"],
    });
    expect(await as.owner.legal.requisites()).toBeNull();
  });

  it("refuses without the current offer's acceptance; saving records it with the user, organization and IP", async () => {
    const { org, members, as } = await orgWithEveryRole({ requisites: false });
    const { version } = await as.admin.legal.offerStatus();
    expect(await errorOf(as.admin.legal.saveRequisites({ requisites: VALID_REQUISITES, offerVersion: version + 1 }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "offer_not_accepted",
    });
    expect(await as.admin.legal.requisites()).toBeNull();
    const saved = await as.admin.legal.saveRequisites({ requisites: { ...VALID_REQUISITES, inn: "7728 145 678" }, offerVersion: version });
    expect(saved).toMatchObject({ inn: "7728145678", kpp: "772801001", bik: null });
    expect(await as.owner.legal.requisites()).toMatchObject({ name: "ООО «Ромашка»", docsEmail: "buh@romashka.example" });
    const acceptances = await handle.db.select().from(offerAcceptances).where(eq(offerAcceptances.orgId, org.id));
    expect(acceptances).toEqual([expect.objectContaining({ userId: members.admin, version, ip: IP })]);
    expect(await as.admin.legal.offerStatus()).toMatchObject({ version, acceptedVersion: version, current: true });
    expect(await as.owner.legal.offerStatus()).toMatchObject({ acceptedVersion: null, current: false });
    expect(await as.owner.legal.acceptOffer({ version })).toMatchObject({ version });
  });
});

describe("invoices", () => {
  it("issues with the next number of the year, both parties' requisites and 22 % VAT; lists, cancels, and the PDF prints it", async () => {
    const { org, members, as } = await orgWithEveryRole();
    expect(await errorOf(as.billing.legal.issueInvoice({ amount: "12,345" }))).toMatchObject({ code: "BAD_REQUEST" });
    const first = await as.billing.legal.issueInvoice({ amount: "1 000,50" });
    const second = await as.owner.legal.issueInvoice({ amount: "20" });
    expect(first).toMatchObject({ orgId: org.id, amountMicro: 1_000_500_000, vatBasisPoints: 2200, status: "issued", issuedByUserId: members.billing });
    expect(first.numberText).toMatch(/^СЧ-\d{4}-\d{6}$/);
    expect(second.year === first.year && second.number).toBe(first.number + 1);
    expect(first.buyer).toMatchObject({ inn: "7728145678", name: "ООО «Ромашка»" });
    expect(first.seller).toMatchObject({ inn: TEST_SELLER.inn, account: SAMPLE_SELLER.account });
    expect(first.expiresAt.getTime() - first.issuedAt.getTime()).toBeGreaterThan(10 * 86_400_000);

    const listed = await as.viewer.legal.invoices();
    expect(listed.map((i) => [i.numberText, i.status])).toEqual([
      [second.numberText, "issued"],
      [first.numberText, "issued"],
    ]);
    await as.admin.legal.cancelInvoice({ invoiceId: second.id });
    expect(await errorOf(as.admin.legal.cancelInvoice({ invoiceId: second.id }))).toMatchObject({ code: "CONFLICT", message: "invoice_not_open" });
    expect((await as.viewer.legal.invoices())[0]!.status).toBe("cancelled");

    const download = await downloadLegalDocument(handle.db, members.billing, { what: "invoice", id: first.id, format: "pdf", requestedOrg: org.id });
    if (!download.ok) throw new Error("expected the PDF");
    const text = await pdfText(download.body as Uint8Array);
    expect(text).toContain(`Счёт на оплату № ${first.numberText}`);
    expect(text).toContain("ООО «Ромашка»");
    expect(text).toContain("1 000,50");
  });

  it("numbers stay gapless when invoices are issued at once", async () => {
    const { as } = await orgWithEveryRole();
    const issued = await Promise.all(Array.from({ length: 6 }, (_, i) => as.billing.legal.issueInvoice({ amount: String(i + 1) })));
    const numbers = issued.map((invoice) => invoice.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => numbers[0]! + i));
  });

  it("needs both parties' requisites", async () => {
    const { as } = await orgWithEveryRole({ requisites: false });
    expect(await errorOf(as.owner.legal.issueInvoice({ amount: "100" }))).toMatchObject({ code: "BAD_REQUEST", message: "requisites_missing" });
    expect(await as.owner.legal.invoiceReadiness()).toEqual({ requisites: false, seller: true });
  });

  it("expire: an issued invoice past its last day becomes expired; a cancelled one stays cancelled", async () => {
    const { as } = await orgWithEveryRole();
    const invoice = await as.owner.legal.issueInvoice({ amount: "10" });
    await expireInvoices(handle.db, new Date(invoice.expiresAt.getTime() - 1));
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe("issued");
    const cancelled = await as.owner.legal.issueInvoice({ amount: "10" });
    await as.owner.legal.cancelInvoice({ invoiceId: cancelled.id });
    await expireInvoices(handle.db, invoice.expiresAt);
    const statusOf = async (id: string) => (await handle.db.select().from(invoices).where(eq(invoices.id, id)))[0]!.status;
    expect(await statusOf(invoice.id)).toBe("expired");
    await expireInvoices(handle.db, new Date(invoice.expiresAt.getTime() + 30 * 86_400_000));
    expect(await statusOf(cancelled.id)).toBe("cancelled");
  });
});

describe("legalAdmin", () => {
  it("seller requisites are validated field by field; VAT rates are dated; a legal page edit is a new version", async () => {
    const err = await errorOf(admin.caller.legalAdmin.saveSellerRequisites({ ...TEST_SELLER, account: "40702810938000012346", corrAccount: "123" }));
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: "requisites_invalid" });
    expect((err.cause as ZodError).flatten().fieldErrors).toEqual({
      account: ["Расчётный счёт не сходится с БИК (контрольный ключ) — проверьте счёт и БИК"],
      corrAccount: ["Корреспондентский счёт — 20 цифр, начинается с 301"],
    });
    expect(await admin.caller.legalAdmin.saveSellerRequisites({ ...TEST_SELLER })).toMatchObject({ inn: TEST_SELLER.inn });
    expect(await admin.caller.legalAdmin.sellerRequisites()).toMatchObject({ account: SAMPLE_SELLER.account, vatStatus: "vat" });

    expect(await admin.caller.legalAdmin.vatRates()).toContainEqual({ validFrom: "2026-01-01", rateBasisPoints: 2200 });
    await admin.caller.legalAdmin.addVatRate({ validFrom: "2099-01-01", rateBasisPoints: 2000 });
    expect(await errorOf(admin.caller.legalAdmin.addVatRate({ validFrom: "2099-01-01", rateBasisPoints: 1800 }))).toMatchObject({ message: "vat_rate_invalid" });

    const before = await admin.caller.legal.page({ slug: "privacy" });
    const after = await admin.caller.legalAdmin.savePage({ slug: "privacy", body: `${before.body}\n\nДополнение.` });
    expect(after.version).toBe(before.version + 1);
    expect(await createCaller({ db: handle.db, user: undefined }).legal.page({ slug: "privacy" })).toMatchObject({ version: after.version, body: after.body });
  });

  it("imports a statement sent as base64, and assigns its unmatched payment by hand", async () => {
    const { org, as } = await orgWithEveryRole({ inn: "7736050003" });
    const invoice = await as.billing.legal.issueInvoice({ amount: "300" });
    const [row] = await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    const doc = (number: string, purpose: string) => ({
      number,
      date: "2026-12-05",
      amountMicro: 300_000_000,
      payerAccount: "40702810000000050003",
      payerInn: "7736050003",
      payerName: "ООО «Ромашка»",
      payeeAccount: SAMPLE_SELLER.account,
      payeeName: SAMPLE_SELLER.name,
      purpose,
    });
    const file = buildStatement1C({ account: SAMPLE_SELLER.account, documents: [doc(`R${org.id.slice(-5)}`, invoicePurpose(row!)), doc(`U${org.id.slice(-5)}`, "Аванс")] });
    const result = await admin.caller.legalAdmin.importStatement({ fileName: "bank.txt", contentBase64: file.toString("base64") });
    expect(result.payments.map((p) => p.status)).toEqual(["matched", "unmatched"]);
    expect(await as.viewer.legal.invoices()).toEqual(expect.arrayContaining([expect.objectContaining({ id: invoice.id, status: "paid" })]));
    const waiting = await admin.caller.legalAdmin.bankPayments({});
    expect(waiting.map((p) => p.id)).toContain(result.payments[1]!.id);
    expect(await admin.caller.legalAdmin.assignPayment({ paymentId: result.payments[1]!.id!, orgId: org.id })).toMatchObject({ creditedMicro: 300_000_000 });
    expect(await errorOf(admin.caller.legalAdmin.assignPayment({ paymentId: result.payments[1]!.id!, orgId: org.id }))).toMatchObject({ code: "CONFLICT" });
    expect((await admin.caller.legalAdmin.importStatement({ fileName: "bank.txt", contentBase64: file.toString("base64") })).counts.creditedMicro).toBe(0);
    expect(await errorOf(admin.caller.legalAdmin.importStatement({ fileName: "x.txt", contentBase64: Buffer.from("garbage").toString("base64") }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "statement_unreadable",
    });
  });

  it("issues a month's УПД by hand (once), which members with documents.read list and download, and nobody else", async () => {
    const a = await orgWithEveryRole();
    const b = await orgWithEveryRole();
    const keyId = newId("key");
    await handle.db.insert(apiKeys).values({ id: keyId, userId: a.org.walletUserId, name: "prod", hash: `h-${keyId}`, prefix: "xr-…" });
    await bookTestRow(handle.db, { userId: a.org.walletUserId, kind: "charge", amountMicro: -1_234_567, keyId, note: "m/x", createdAt: new Date("2026-11-15T12:00:00Z") });
    const issued = await admin.caller.legalAdmin.issueMonthDocuments({ month: "2026-11", orgId: a.org.id });
    expect(issued.document).toMatchObject({ orgId: a.org.id, period: "2026-11", amountMicro: 1_230_000 });
    const again = await admin.caller.legalAdmin.issueMonthDocuments({ month: "2026-11", orgId: a.org.id });
    expect(again.document!.id).toBe(issued.document!.id);
    expect(again.issued).toEqual([]);
    expect(await errorOf(admin.caller.legalAdmin.issueMonthDocuments({ month: "2026-11", orgId: b.org.id }))).toMatchObject({ message: "no_charges" });

    const id = issued.document!.id;
    expect((await a.as.viewer.legal.documents()).map((d) => d.id)).toEqual([id]);
    expect(await b.as.owner.legal.documents()).toEqual([]);
    expect(await refused(a.as.developer.legal.documents())).toBe(true);
    for (const role of ["owner", "admin", "billing", "viewer"] as const)
      expect(await downloadLegalDocument(handle.db, a.members[role], { what: "document", id, format: "csv", requestedOrg: a.org.id })).toMatchObject({ ok: true });
    expect(await downloadLegalDocument(handle.db, a.members.developer, { what: "document", id, format: "pdf", requestedOrg: a.org.id })).toMatchObject({ ok: false, status: 403 });
    expect(await downloadLegalDocument(handle.db, b.members.owner, { what: "document", id, format: "pdf", requestedOrg: b.org.id })).toMatchObject({ ok: false, status: 404 });
    expect(await downloadLegalDocument(handle.db, b.members.owner, { what: "document", id, format: "pdf", requestedOrg: a.org.id })).toMatchObject({ ok: false, status: 404 });
    const stranger = await createUser(handle.db, { email: `stranger-${crypto.randomUUID().slice(0, 6)}@example.test` });
    expect(await downloadLegalDocument(handle.db, stranger.id, { what: "document", id, format: "pdf", requestedOrg: a.org.id })).toMatchObject({ ok: false, status: 404 });
  });
});
