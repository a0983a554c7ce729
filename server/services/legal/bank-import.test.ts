import { readFileSync } from "node:fs";
import { and, eq, like } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../../db/client";
import { auditEvents, bankImports, bankPayments, invoices, ledger, users } from "../../db/schema";
import { buildStatement1C } from "../../legal/bank-statement-1c";
import { SAMPLE_BUYER_IP, SAMPLE_BUYER_UL, SAMPLE_SELLER, SAMPLE_STRANGER } from "../../legal/fixtures/sample-statement";
import { databaseKinds } from "../../testing/databases";
import { checkLedger } from "../billing/check-ledger";
import { createUser } from "../users/create-user";
import { assignBankPayment } from "./assign-bank-payment";
import { expireInvoices } from "./expire-invoices";
import { importBankStatement } from "./import-bank-statement";
import { invoicePurpose } from "./invoice-document";
import { issueInvoice } from "./issue-invoice";
import { LegalError } from "./legal-error";
import { createTestOrg, saveTestSeller } from "./legal-test-helpers";

// A payment the database refuses, for the test that one failing row does not stop the others.
const refused = vi.hoisted(() => ({ docNumber: "" }));
vi.mock("./credit-bank-payment", async (importOriginal) => {
  const original = await importOriginal<typeof import("./credit-bank-payment")>();
  return {
    ...original,
    creditBankPayment: (...args: Parameters<typeof original.creditBankPayment>) => {
      if (args[1].payment.docNumber === refused.docNumber) throw new Error("the database refused the row");
      return original.creditBankPayment(...args);
    },
  };
});

// A fresh PGlite database of its own: the sample statement pays invoices СЧ-2026-000001 and № 2 of 2026, the first
// numbers of the year's series, which a database shared with other test files could already have handed out.
const [, openPglite] = databaseKinds[1]!;
let handle: DbHandle & { cleanup: () => Promise<void> };
let adminId: string;

beforeAll(async () => {
  handle = await openPglite();
  (globalThis as { __xrouterDb?: Promise<DbHandle> }).__xrouterDb = Promise.resolve(handle);
  adminId = (await createUser(handle.db, { email: "bank-admin@example.test", role: "admin" })).id;
  await saveTestSeller(handle.db);
});
afterAll(() => handle?.cleanup());

const fixture = readFileSync(new URL("../../legal/fixtures/statement-sample.txt", import.meta.url));
const lineOf = (text: string) => iconv.decode(fixture, "win1251").split("\r\n").indexOf(text) + 1;
const balanceOf = async (userId: string) =>
  (await handle.db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId)))[0]!.balance;
const bankCredits = (userId: string) =>
  handle.db.select().from(ledger).where(and(eq(ledger.userId, userId), like(ledger.reference, "bank:%")));
const upload = (content: Uint8Array, fileName = "statement.txt") => importBankStatement(handle.db, { fileName, content, adminId });

describe("importBankStatement with the sample statement (windows-1251)", () => {
  it("credits the matched payments once, lists the unmatched, names the malformed line; a re-upload credits nothing", async () => {
    const ul = await createTestOrg(handle.db, { inn: SAMPLE_BUYER_UL.inn });
    const ip = await createTestOrg(handle.db, { inn: SAMPLE_BUYER_IP.inn, entityType: "ip" });
    const first = await issueInvoice(handle.db, { orgId: ul.org.id, amountMicro: 1_599_660_000, userId: ul.members.owner, now: new Date("2026-12-02T09:00:00Z") });
    const second = await issueInvoice(handle.db, { orgId: ip.org.id, amountMicro: 5_000_000_000, userId: ip.members.owner, now: new Date("2026-12-03T09:00:00Z") });
    expect([first.numberText, second.numberText]).toEqual(["СЧ-2026-000001", "СЧ-2026-000002"]);

    const result = await upload(fixture, "statement-sample.txt");
    expect(result.errors).toEqual([{ line: lineOf("Сумма=2500.005"), text: expect.stringContaining(`Строка ${lineOf("Сумма=2500.005")}: Сумма «2500.005»`) }]);
    expect(result.payments.map((p) => [p.docNumber, p.status, p.creditedMicro])).toEqual([
      ["318", "matched", 1_599_660_000],
      ["42", "matched", 5_000_000_000],
      ["1205", "unmatched", 0],
      ["318", "duplicate", 0],
    ]);
    expect(result.payments[0]!.note).toContain("Оплата счёта № СЧ-2026-000001: п/п № 318 от 03.12.2026");
    expect(result.payments[2]!.note).toBe("В назначении платежа нет номера счёта");
    expect(result.counts).toMatchObject({ incoming: 4, matched: 2, unmatched: 1, duplicates: 1, malformed: 1, creditedMicro: 6_599_660_000 });

    expect(await balanceOf(ul.org.walletUserId)).toBe(1_599_660_000);
    expect(await balanceOf(ip.org.walletUserId)).toBe(5_000_000_000);
    const [credit] = await bankCredits(ul.org.walletUserId);
    expect(credit).toMatchObject({ kind: "topup", amountMicro: 1_599_660_000, reference: `bank:${result.payments[0]!.id}` });
    expect(credit!.note).toContain("СЧ-2026-000001");
    const [paid] = await handle.db.select().from(invoices).where(eq(invoices.id, first.id));
    expect(paid).toMatchObject({ status: "paid", paidMicro: 1_599_660_000 });

    // The same file again: every payment is a duplicate, nothing more is credited.
    const again = await upload(fixture, "statement-sample (1).txt");
    expect(again.payments.every((p) => p.status === "duplicate" && p.creditedMicro === 0)).toBe(true);
    expect(again.counts.creditedMicro).toBe(0);
    expect(await bankCredits(ul.org.walletUserId)).toHaveLength(1);
    expect(await balanceOf(ip.org.walletUserId)).toBe(5_000_000_000);

    // The stranger's payment, assigned by hand to the first organization: credited once, audited.
    const stranger = result.payments[2]!;
    const [stored] = await handle.db.select().from(bankPayments).where(eq(bankPayments.id, stranger.id!));
    expect(stored).toMatchObject({ status: "unmatched", payerInn: SAMPLE_STRANGER.inn, amountMicro: 1_000_000_000 });
    expect(await assignBankPayment(handle.db, { paymentId: stranger.id!, orgId: ul.org.id, adminId })).toMatchObject({ creditedMicro: 1_000_000_000 });
    await expect(assignBankPayment(handle.db, { paymentId: stranger.id!, orgId: ip.org.id, adminId })).rejects.toEqual(new LegalError("payment_already_credited"));
    expect(await balanceOf(ul.org.walletUserId)).toBe(2_599_660_000);
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.subject, stranger.id!));
    expect(events.map((e) => e.kind).sort()).toEqual(["admin.bank_payment_assigned", "bank.payment_credited"]);
    expect(events.every((e) => e.actorId === adminId)).toBe(true);

    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });

  it("refuses a file that is not a 1C statement, naming line 1", async () => {
    await expect(upload(Buffer.from("hello\r\n"))).rejects.toMatchObject({ code: "statement_unreadable", fields: { file: expect.stringContaining("Строка 1") } });
  });
});

describe("importBankStatement with a statement built for a fresh invoice", () => {
  const statementFor = (docs: { number: string; amountMicro: number; purpose: string; inn: string }[]) =>
    buildStatement1C({
      account: SAMPLE_SELLER.account,
      documents: docs.map((doc) => ({
        number: doc.number,
        date: "2026-12-05",
        amountMicro: doc.amountMicro,
        payerAccount: `4070281000000000${doc.inn.slice(-4)}`,
        payerInn: doc.inn,
        payerName: "ООО «Покупатель»",
        payeeAccount: SAMPLE_SELLER.account,
        payeeInn: SAMPLE_SELLER.inn,
        payeeName: SAMPLE_SELLER.name,
        purpose: doc.purpose,
      })),
    });

  it("matches by the printed purpose and credits once however often the file is uploaded", async () => {
    const { org, members } = await createTestOrg(handle.db, { inn: "5003012349" });
    const invoice = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 1_000_000_000, userId: members.owner });
    const file = statementFor([{ number: "501", amountMicro: 1_000_000_000, purpose: invoicePurpose(invoice), inn: "5003012349" }]);
    const first = await upload(file);
    const second = await upload(file);
    expect(first.payments.map((p) => p.status)).toEqual(["matched"]);
    expect(second.payments.map((p) => p.status)).toEqual(["duplicate"]);
    expect(await balanceOf(org.walletUserId)).toBe(1_000_000_000);
    expect(await bankCredits(org.walletUserId)).toHaveLength(1);
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe("paid");
  });

  it("a NUL in the 2nd of 3 documents' purpose is dropped: all three credited and counted, a re-upload credits nothing", async () => {
    const orgs = await Promise.all(["7701000018", "7701000025", "7701000032"].map((inn) => createTestOrg(handle.db, { inn })));
    const docs = await Promise.all(
      orgs.map(async ({ org, members }, i) => {
        const invoice = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 100_000_000, userId: members.owner });
        const purpose = i === 1 ? `${invoicePurpose(invoice)}\u0000 доп.` : invoicePurpose(invoice);
        return { number: `70${i}`, amountMicro: 100_000_000, purpose, inn: ["7701000018", "7701000025", "7701000032"][i]! };
      }),
    );
    const file = statementFor(docs);
    const first = await upload(file);
    expect(first.payments.map((p) => [p.docNumber, p.status, p.creditedMicro])).toEqual([
      ["700", "matched", 100_000_000],
      ["701", "matched", 100_000_000],
      ["702", "matched", 100_000_000],
    ]);
    const [stored] = await handle.db.select().from(bankPayments).where(eq(bankPayments.id, first.payments[1]!.id!));
    expect(stored!.purpose).not.toContain("\u0000");
    expect(stored!.purpose).toContain(" доп.");
    const [imported] = await handle.db.select().from(bankImports).where(eq(bankImports.id, first.importId));
    expect(imported!.counts).toMatchObject({ incoming: 3, matched: 3, failed: 0 });
    for (const { org } of orgs) expect(await balanceOf(org.walletUserId)).toBe(100_000_000);

    const again = await upload(file);
    expect(again.payments.map((p) => p.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
    for (const { org } of orgs) expect(await bankCredits(org.walletUserId)).toHaveLength(1);
  });

  it("a payment the database refuses is reported failed; the 1st and 3rd are credited, counts and audit written; a re-upload books it", async () => {
    const orgs = await Promise.all(["7701000049", "7701000056", "7701000063"].map((inn) => createTestOrg(handle.db, { inn })));
    const docs = await Promise.all(
      orgs.map(async ({ org, members }, i) => {
        const invoice = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 100_000_000, userId: members.owner });
        return { number: `80${i}`, amountMicro: 100_000_000, purpose: invoicePurpose(invoice), inn: ["7701000049", "7701000056", "7701000063"][i]! };
      }),
    );
    const file = statementFor(docs);
    refused.docNumber = "801";
    const first = await upload(file).finally(() => (refused.docNumber = ""));
    expect(first.payments.map((p) => [p.docNumber, p.status, p.creditedMicro])).toEqual([
      ["800", "matched", 100_000_000],
      ["801", "failed", 0],
      ["802", "matched", 100_000_000],
    ]);
    expect(first.errors).toEqual([{ line: first.payments[1]!.line, text: expect.stringContaining("платёж не записан") }]);
    expect(first.counts).toMatchObject({ incoming: 3, matched: 2, failed: 1, creditedMicro: 200_000_000 });
    const [imported] = await handle.db.select().from(bankImports).where(eq(bankImports.id, first.importId));
    expect(imported!.counts).toEqual(first.counts);
    const [audit] = await handle.db.select().from(auditEvents).where(eq(auditEvents.subject, first.importId));
    expect(audit).toMatchObject({ kind: "admin.bank_statement_imported", data: expect.objectContaining({ failed: 1 }) });
    expect(await balanceOf(orgs[1]!.org.walletUserId)).toBe(0);
    // Nothing of it was kept (its transaction rolled back), so the next upload books it and only it.
    expect(await handle.db.select().from(bankPayments).where(eq(bankPayments.docNumber, "801"))).toEqual([]);

    const again = await upload(file);
    expect(again.payments.map((p) => p.status)).toEqual(["duplicate", "matched", "duplicate"]);
    for (const { org } of orgs) expect(await balanceOf(org.walletUserId)).toBe(100_000_000);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });

  it("a part payment credits what was paid and leaves the invoice open; the overpayment credits all and pays it", async () => {
    const { org, members } = await createTestOrg(handle.db, { inn: "7736050003" });
    const invoice = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 1_000_000_000, userId: members.owner });
    const purpose = invoicePurpose(invoice);
    const part = await upload(statementFor([{ number: "601", amountMicro: 400_000_000, purpose, inn: "7736050003" }]));
    expect(part.payments[0]).toMatchObject({ status: "matched", creditedMicro: 400_000_000 });
    expect(part.payments[0]!.note).toContain("Частичная оплата: оплачено 400,00\u00a0₽ из 1\u00a0000,00\u00a0₽");
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]).toMatchObject({ status: "issued", paidMicro: 400_000_000 });

    const over = await upload(statementFor([{ number: "602", amountMicro: 700_000_000, purpose, inn: "7736050003" }]));
    expect(over.payments[0]).toMatchObject({ status: "matched", creditedMicro: 700_000_000 });
    expect(over.payments[0]!.note).toContain("Переплата 100,00\u00a0₽: зачислена вся сумма 700,00\u00a0₽");
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]).toMatchObject({ status: "paid", paidMicro: 1_100_000_000 });
    expect(await balanceOf(org.walletUserId)).toBe(1_100_000_000);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });

  it("a part-paid invoice does not expire past its last day; an unpaid one does", async () => {
    const { org, members } = await createTestOrg(handle.db, { inn: "7736050010" });
    const part = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 1_000_000_000, userId: members.owner });
    const unpaid = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 1_000_000_000, userId: members.owner });
    await upload(statementFor([{ number: "901", amountMicro: 300_000_000, purpose: invoicePurpose(part), inn: "7736050010" }]));
    await expireInvoices(handle.db, new Date(Math.max(part.expiresAt.getTime(), unpaid.expiresAt.getTime()) + 86_400_000));
    const statusOf = async (id: string) => (await handle.db.select().from(invoices).where(eq(invoices.id, id)))[0];
    expect(await statusOf(part.id)).toMatchObject({ status: "issued", paidMicro: 300_000_000 });
    expect(await statusOf(unpaid.id)).toMatchObject({ status: "expired", paidMicro: 0 });
  });

  it("a payer whose ИНН is not the invoice's buyer's stays unmatched; assigning it against the invoice pays it", async () => {
    const { org, members } = await createTestOrg(handle.db, { inn: "7707049388" });
    const invoice = await issueInvoice(handle.db, { orgId: org.id, amountMicro: 250_000_000, userId: members.owner });
    const result = await upload(statementFor([{ number: "701", amountMicro: 250_000_000, purpose: invoicePurpose(invoice), inn: "7710140679" }]));
    expect(result.payments[0]).toMatchObject({ status: "unmatched", note: "ИНН плательщика не совпадает с ИНН покупателя по счёту" });
    await assignBankPayment(handle.db, { paymentId: result.payments[0]!.id!, orgId: org.id, invoiceId: invoice.id, adminId });
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe("paid");
    expect(await balanceOf(org.walletUserId)).toBe(250_000_000);
  });
});
