import { and, eq, gte, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KOPECK_MICRO, roundToKopecks } from "../../core/format/rub";
import type { DbHandle } from "../../db/client";
import { apiKeys, closingDocuments, ledger, mailOutbox } from "../../db/schema";
import { newId } from "../../ids";
import { vatIncluded } from "../../legal/vat";
import { pdfText } from "../../testing/read-pdf";
import { openTrpcTestDb } from "../../testing/trpc";
import { monthOf } from "../billing/statement-period";
import { bookTestRow } from "../billing/statement-test-helpers";
import { checkLedger } from "../billing/check-ledger";
import type { ClosingDocumentData } from "./closing-document-data";
import { issueMonthClosingDocuments, previousMonth } from "./issue-month-closing-documents";
import { issueUpd } from "./issue-upd";
import { LegalError } from "./legal-error";
import { createTestOrg, saveTestSeller } from "./legal-test-helpers";
import { listClosingDocuments } from "./list-closing-documents";
import { renderClosingDocument } from "./render-closing-document";

// Months of 2027: this file's УПД series of its own in the run's shared database (numbers must come out consecutive).
const MONTH = "2027-03";
const JOB_TIME = new Date("2027-04-01T06:00:00Z");
let handle: DbHandle;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  await saveTestSeller(handle.db);
});
afterAll(() => handle?.close());

/** A deterministic stream of odd micro amounts (a linear congruential generator): 1 µ₽ to ~0.05 ₽. */
function amounts(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 1 + (state % 49_999);
  };
}

async function addKey(userId: string, name: string) {
  const id = newId("key");
  await handle.db.insert(apiKeys).values({ id, userId, name, hash: `h-${id}`, prefix: "xr-t…" });
  return id;
}

const charge = (userId: string, keyId: string, model: string, micro: number, at: Date) =>
  bookTestRow(handle.db, { userId, kind: "charge", amountMicro: -micro, keyId, note: model, createdAt: at });

/** The ledger's charges of a wallet in [from, to), summed exactly. */
async function ledgerCharges(userId: string, from: Date, to: Date) {
  const [row] = await handle.db
    .select({ sum: sql<number>`coalesce(-sum(${ledger.amountMicro}), 0)`.mapWith(Number) })
    .from(ledger)
    .where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge"), gte(ledger.createdAt, from), lt(ledger.createdAt, to)));
  return row!.sum;
}

describe("the month's УПД", () => {
  it("adds up: each УПД is its organization's month of ledger charges rounded once to the kopeck, its lines sum to it", async () => {
    const a = await createTestOrg(handle.db);
    const b = await createTestOrg(handle.db, { inn: "5003012349" });
    const noRequisites = await createTestOrg(handle.db, { requisites: false });
    const next = amounts(20_270_301);
    // Moscow is UTC+3: March 2027 there is [2027-02-28T21:00Z, 2027-03-31T21:00Z).
    const from = new Date("2027-02-28T21:00:00Z");
    const to = new Date("2027-03-31T21:00:00Z");
    for (const org of [a, b, noRequisites]) {
      const keys = [await addKey(org.org.walletUserId, "prod"), await addKey(org.org.walletUserId, "dev")];
      for (let i = 0; i < 160; i++) {
        const at = new Date(from.getTime() + Math.floor(((to.getTime() - from.getTime() - 1) * i) / 159));
        await charge(org.org.walletUserId, keys[i % 2]!, i % 3 === 0 ? "gigachat/GigaChat-2-Max" : "yandex/yandexgpt-pro", next(), at);
      }
      // Just outside the month on either side (23:59:59.999 on 28 Feb and 00:00 on 1 Apr, Moscow): not in it.
      await charge(org.org.walletUserId, keys[0]!, "yandex/yandexgpt-pro", 777_777, new Date(from.getTime() - 1));
      await charge(org.org.walletUserId, keys[0]!, "yandex/yandexgpt-pro", 888_888, to);
    }

    const run = await issueMonthClosingDocuments(handle.db, { now: JOB_TIME });
    expect(run.month).toBe(MONTH);
    expect(run.skipped).toContainEqual({ orgId: noRequisites.org.id, reason: "requisites_missing" });

    const issued = [];
    for (const org of [a, b]) {
      const [document] = await listClosingDocuments(handle.db, org.org.id);
      const exact = await ledgerCharges(org.org.walletUserId, from, to);
      expect(exact % KOPECK_MICRO).not.toBe(0);
      expect(document).toMatchObject({ kind: "upd", period: MONTH, date: "2027-03-31", amountMicro: roundToKopecks(exact), vatBasisPoints: 2200 });
      expect(document!.vatMicro).toBe(vatIncluded(document!.amountMicro / KOPECK_MICRO, 2200) * KOPECK_MICRO);
      const [row] = await handle.db.select().from(closingDocuments).where(eq(closingDocuments.id, document!.id));
      const data = row!.data as ClosingDocumentData;
      expect(data.exactMicro).toBe(exact);
      // Two models × two keys, each line in kopecks, summing to the document's amount.
      expect(data.lines).toHaveLength(4);
      expect(data.lines.reduce((sum, line) => sum + line.roundedMicro, 0)).toBe(document!.amountMicro);
      expect(data.lines.every((line) => line.roundedMicro % KOPECK_MICRO === 0)).toBe(true);
      expect(data.lines.reduce((sum, line) => sum + line.requests, 0)).toBe(160);
      issued.push(document!);
    }
    // The year's series, without a gap between the two.
    const [low, high] = issued.map((document) => document.number).sort((x, y) => x - y);
    expect(high).toBe(low! + 1);
    expect(await listClosingDocuments(handle.db, noRequisites.org.id)).toEqual([]);

    // The documents mailbox got a link to each.
    for (const [org, document] of [[a, issued[0]!], [b, issued[1]!]] as const) {
      const mails = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, `docs-${org.org.id.slice(-6).toLowerCase()}@example.test`));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`УПД № ${document.number} от 31.03.2027 — XRouter`);
      expect(mails[0]!.text).toContain(`/api/billing/documents/${document.id}?org=${org.org.id}&format=pdf`);
    }

    // Idempotent: the job again, or an admin's issue for the month, makes nothing new.
    const again = await issueMonthClosingDocuments(handle.db, { now: JOB_TIME });
    expect(again.issued).toEqual([]);
    const manual = await issueUpd(handle.db, { orgId: a.org.id, month: MONTH, now: JOB_TIME });
    expect(manual).toMatchObject({ created: false, document: { id: issued[0]!.id } });

    // The PDF names the month and the total; the CSV appendix adds up to the same kopecks.
    const pdf = await renderClosingDocument(handle.db, a.org.id, issued[0]!.id, "pdf");
    const text = await pdfText(pdf!.body as Uint8Array);
    expect(text).toContain("Услуги доступа к API языковых моделей за март 2027");
    const csv = await renderClosingDocument(handle.db, a.org.id, issued[0]!.id, "csv");
    expect(csv!.body as string).toContain(`Итого;;160;${(issued[0]!.amountMicro / 1_000_000).toFixed(2).replace(".", ",")}`);
    // Another organization's id finds nothing.
    expect(await renderClosingDocument(handle.db, b.org.id, issued[0]!.id, "pdf")).toBeUndefined();
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });

  it("a month without charges gets none; a correction refers to the УПД when the month's charges changed", async () => {
    const { org } = await createTestOrg(handle.db);
    const june = (day: number) => new Date(`2027-06-0${day}T06:00:00Z`);
    await expect(issueUpd(handle.db, { orgId: org.id, month: "2027-05", now: june(1) })).rejects.toEqual(new LegalError("no_charges"));
    const key = await addKey(org.walletUserId, "prod");
    await charge(org.walletUserId, key, "yandex/yandexgpt-lite", 1_234_567, new Date("2027-05-10T10:00:00Z"));
    const { document: original } = await issueUpd(handle.db, { orgId: org.id, month: "2027-05", now: june(1) });
    expect(original.amountMicro).toBe(1_230_000);
    await expect(issueUpd(handle.db, { orgId: org.id, month: "2027-05", correction: true, now: june(1) })).rejects.toEqual(new LegalError("nothing_to_correct"));

    // A charge of the month booked late (e.g. a stopped instance's hold swept after the УПД).
    await charge(org.walletUserId, key, "yandex/yandexgpt-lite", 5_000, new Date("2027-05-31T20:59:00Z"));
    const { document: correction } = await issueUpd(handle.db, { orgId: org.id, month: "2027-05", correction: true, now: june(2) });
    expect(correction).toMatchObject({ kind: "upd_correction", correctsId: original.id, amountMicro: 1_240_000 });
    expect((correction.data as ClosingDocumentData).correction).toEqual({
      ordinal: 1,
      root: { number: original.number, date: "2027-05-31" },
      replaces: { amountMicro: 1_230_000, vatMicro: original.vatMicro },
    });
    const [listed] = await listClosingDocuments(handle.db, org.id);
    expect(listed).toMatchObject({ id: correction.id, number: original.number, correctionOrdinal: 1 });
    // The original stands as issued.
    const [stored] = await handle.db.select().from(closingDocuments).where(eq(closingDocuments.id, original.id));
    expect(stored!.amountMicro).toBe(1_230_000);
    const text = await pdfText((await renderClosingDocument(handle.db, org.id, correction.id, "pdf"))!.body as Uint8Array);
    expect(text).toContain(`Исправление № 1`);
  });

  it("refuses a month that is not over in Moscow time, for the УПД, its correction and the job", async () => {
    const { org } = await createTestOrg(handle.db);
    const key = await addKey(org.walletUserId, "prod");
    await charge(org.walletUserId, key, "yandex/yandexgpt-lite", 2_000_000, new Date("2027-07-10T10:00:00Z"));
    const notOver = new LegalError("month_not_over");
    // 31 July 23:30 in Moscow: July is still running; a future month even more so.
    const lastHalfHour = new Date("2027-07-31T20:30:00Z");
    await expect(issueUpd(handle.db, { orgId: org.id, month: "2027-07", now: lastHalfHour })).rejects.toEqual(notOver);
    await expect(issueUpd(handle.db, { orgId: org.id, month: "2027-08", now: lastHalfHour })).rejects.toEqual(notOver);
    await expect(issueUpd(handle.db, { orgId: org.id, month: "2027-07", correction: true, now: lastHalfHour })).rejects.toEqual(notOver);
    await expect(issueMonthClosingDocuments(handle.db, { month: "2027-07", now: lastHalfHour })).rejects.toEqual(notOver);
    expect(await handle.db.select().from(closingDocuments).where(eq(closingDocuments.orgId, org.id))).toEqual([]);
    // Without a clock given, the real one: the month we are in is not over.
    await expect(issueUpd(handle.db, { orgId: org.id, month: monthOf(new Date()) })).rejects.toEqual(notOver);
    // From 1 August 00:00 in Moscow it is.
    const { document } = await issueUpd(handle.db, { orgId: org.id, month: "2027-07", now: new Date("2027-07-31T21:00:00Z") });
    expect(document.amountMicro).toBe(2_000_000);
  });

  it("closes the previous Moscow month: on 1 April 00:30 in Moscow that is March", () => {
    expect(previousMonth(new Date("2027-03-31T21:30:00Z"))).toBe("2027-03");
    expect(previousMonth(new Date("2027-03-31T20:30:00Z"))).toBe("2027-02");
  });
});
