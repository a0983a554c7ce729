import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { eq } from "drizzle-orm";
import { apiKeys, users } from "../../db/schema";
import { newId } from "../../ids";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { statementCsv } from "./statement-csv";
import { buildStatement, LEDGER_KINDS } from "./statement-data";
import { listStatementMonths } from "./statement-months";
import { statementPdf } from "./statement-pdf";
import { isStatementMonth, lastMonths, monthOf, monthRange } from "./statement-period";
import { bookTestRow } from "./statement-test-helpers";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

/** A user with a movement in February 2025, five in March 2025 (one a charge through a key) and one in April. */
async function userWithHistory() {
  const { user } = await createTestUser(handle);
  const keyId = newId("key");
  await handle.db.insert(apiKeys).values({ id: keyId, userId: user.id, name: 'prod, "main"', hash: `h-${keyId}`, prefix: "xr-x…" });
  const at = (iso: string) => new Date(iso);
  await bookTestRow(handle.db, { userId: user.id, kind: "topup", amountMicro: 100_000_000, createdAt: at("2025-02-10T10:00:00Z") });
  // 2025-02-28 22:30 UTC is already 1 March in Moscow.
  await bookTestRow(handle.db, { userId: user.id, kind: "charge", amountMicro: -1_234_567, keyId, note: "gigachat/GigaChat-2", createdAt: at("2025-02-28T22:30:00Z") });
  await bookTestRow(handle.db, { userId: user.id, kind: "promo", amountMicro: 50_000_000, reference: `promo:SPRING:${user.id}`, createdAt: at("2025-03-05T09:00:00Z") });
  await bookTestRow(handle.db, { userId: user.id, kind: "topup", amountMicro: 500_000_000, reference: `pay-${keyId}`, createdAt: at("2025-03-10T09:00:00Z") });
  await bookTestRow(handle.db, { userId: user.id, kind: "refund", amountMicro: 1_000_000, note: "=cmd|' /C calc'!A0", createdAt: at("2025-03-11T09:00:00Z") });
  await bookTestRow(handle.db, { userId: user.id, kind: "adjustment", amountMicro: -10_000, note: "Корректировка, \"ручная\"\nвторая строка", createdAt: at("2025-03-31T20:59:59Z") });
  // 2025-03-31 21:00 UTC is 1 April in Moscow: next month.
  await bookTestRow(handle.db, { userId: user.id, kind: "charge", amountMicro: -5_000_000, keyId, createdAt: at("2025-03-31T21:00:00Z") });
  return { user, keyId };
}

describe("statement periods", () => {
  it("uses Moscow calendar months", () => {
    expect(monthRange("2025-03")).toEqual({ from: new Date("2025-02-28T21:00:00Z"), to: new Date("2025-03-31T21:00:00Z") });
    expect(monthRange("2025-13")).toBeUndefined();
    expect(monthRange("25-03")).toBeUndefined();
    expect(monthOf(new Date("2025-12-31T21:00:00Z"))).toBe("2026-01");
    expect(lastMonths(new Date("2025-02-15T00:00:00Z"), 3)).toEqual(["2025-02", "2025-01", "2024-12"]);
    expect(isStatementMonth("2025-03", new Date("2025-04-01T00:00:00Z"))).toBe(true);
    expect(isStatementMonth("2025-05", new Date("2025-04-01T00:00:00Z"))).toBe(false);
  });
});

describe("buildStatement", () => {
  it("opening + movements = closing, each movement with its balance after, totals by kind", async () => {
    const { user } = await userWithHistory();
    const s = (await buildStatement(handle.db, user, "2025-03"))!;
    expect(s.openingMicro).toBe(100_000_000);
    expect(s.rows.map((r) => r.kind)).toEqual(["charge", "promo", "topup", "refund", "adjustment"]);
    expect(s.rows[0]).toMatchObject({ keyName: 'prod, "main"', balanceAfterMicro: 98_765_433 });
    expect(s.openingMicro + s.rows.reduce((sum, r) => sum + r.amountMicro, 0)).toBe(s.closingMicro);
    expect(s.closingMicro).toBe(s.rows[s.rows.length - 1]!.balanceAfterMicro);
    let running = s.openingMicro;
    for (const row of s.rows) {
      running += row.amountMicro;
      expect(row.balanceAfterMicro).toBe(running);
    }
    expect(s.totals).toEqual({
      topup: { count: 1, amountMicro: 500_000_000 },
      charge: { count: 1, amountMicro: -1_234_567 },
      refund: { count: 1, amountMicro: 1_000_000 },
      adjustment: { count: 1, amountMicro: -10_000 },
      promo: { count: 1, amountMicro: 50_000_000 },
    });
    const sumOfTotals = LEDGER_KINDS.reduce((sum, k) => sum + s.totals[k].amountMicro, 0);
    expect(s.openingMicro + sumOfTotals).toBe(s.closingMicro);

    // The next month opens with this one's closing balance.
    const april = (await buildStatement(handle.db, user, "2025-04"))!;
    expect(april.openingMicro).toBe(s.closingMicro);
    expect(april.closingMicro).toBe(s.closingMicro - 5_000_000);
    // A month without movements carries the balance.
    const june = (await buildStatement(handle.db, user, "2025-06"))!;
    expect([june.openingMicro, june.closingMicro, june.rows.length]).toEqual([april.closingMicro, april.closingMicro, 0]);
    expect(await buildStatement(handle.db, user, "March")).toBeUndefined();
  });

  it("only ever contains the user's own rows", async () => {
    await userWithHistory();
    const { user: other } = await createTestUser(handle);
    const s = (await buildStatement(handle.db, other, "2025-03"))!;
    expect([s.openingMicro, s.closingMicro, s.rows.length]).toEqual([0, 0, 0]);
  });
});

describe("statementCsv", () => {
  it("opens in Russian Excel: the opening row, every movement with balance after, the closing row and totals", async () => {
    const { user, keyId } = await userWithHistory();
    const csv = statementCsv((await buildStatement(handle.db, user, "2025-03"))!, "ru");
    expect(csv.startsWith("\uFEFFДата (МСК);Тип;Сумма, ₽;Остаток после, ₽;Основание;Ключ;Комментарий\r\n")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[1]).toBe("2025-03-01 00:00:00;Входящий остаток;;100,00;;;март 2025");
    expect(lines[2]).toMatch(/^2025-03-01 01:30:00;Списание;-1,234567;98,765433;charge-[^;]+;"prod, ""main""";gigachat\/GigaChat-2$/);
    expect(csv).toContain("2025-03-05 12:00:00;Промокод;50,00;148,765433;SPRING;;");
    expect(csv).toContain(`;Пополнение;500,00;648,765433;pay-${keyId};;`);
    expect(csv).toContain(`;;'=cmd|' /C calc'!A0\r\n`);
    expect(csv).toContain('"Корректировка, ""ручная""\nвторая строка"');
    expect(csv).toContain("2025-03-31 23:59:59;Исходящий остаток;;649,755433;;;");
    expect(csv).toContain(";Итого по типам: Пополнение;500,00;;;;Операций: 1\r\n");
    expect(csv).toContain(";Итого по типам: Списание;-1,234567;;;;Операций: 1\r\n");
    const en = statementCsv((await buildStatement(handle.db, user, "2025-03"))!, "en");
    expect(en).toContain("Date (MSK);Kind;");
    expect(en).toContain("Opening balance");
    expect(en).toContain("March 2025");
  });

  it("writes Excel's times in the reader's zone, named in the heading; the month stays Moscow's", async () => {
    const { user } = await userWithHistory();
    const csv = statementCsv((await buildStatement(handle.db, user, "2025-03"))!, "ru", "excel-ru", "Asia/Vladivostok");
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toMatch(/^Дата \(МСК\+7\);/);
    // Moscow's midnight of 1 March is 07:00 in Vladivostok.
    expect(lines[1]).toBe("2025-03-01 07:00:00;Входящий остаток;;100,00;;;март 2025");
    expect(csv).toContain("2025-03-05 19:00:00;Промокод;50,00;148,765433;SPRING;;");
  });

  it("has a machine-readable variant: commas, dot decimals, UTC times, no BOM", async () => {
    const { user } = await userWithHistory();
    const csv = statementCsv((await buildStatement(handle.db, user, "2025-03"))!, "ru", "machine");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe('Дата (UTC),Тип,"Сумма, ₽","Остаток после, ₽",Основание,Ключ,Комментарий');
    expect(lines[1]).toBe("2025-02-28T21:00:00.000Z,Входящий остаток,,100.00,,,март 2025");
    expect(csv).toContain("2025-03-05T09:00:00.000Z,Промокод,50.00,148.765433,SPRING,,");
    expect(csv).toContain(",Итого по типам: Списание,-1.234567,,,,Операций: 1\r\n");
  });
});

describe("statementPdf", () => {
  it("is a PDF naming the month, with the Russian text embedded in DejaVu", async () => {
    const { user } = await userWithHistory();
    const bytes = await statementPdf((await buildStatement(handle.db, user, "2025-03"))!, "ru");
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toContain("2025-03");
    expect(doc.getTitle()).toContain("март 2025");
    expect(doc.getSubject()).toBe("XRouter statement 2025-03");
    const objects = doc.context.enumerateIndirectObjects().map(([, object]) => object.toString());
    expect(objects.some((text) => text.includes("/BaseFont /") && text.includes("DejaVuSans"))).toBe(true);
  });

  it("spreads a long month over several pages", async () => {
    const { user } = await createTestUser(handle);
    for (let i = 0; i < 130; i++) {
      await bookTestRow(handle.db, { userId: user.id, kind: i % 2 ? "charge" : "topup", amountMicro: i % 2 ? -1_000 : 2_000, createdAt: new Date(`2025-05-10T10:00:${String(i % 60).padStart(2, "0")}Z`) });
    }
    const doc = await PDFDocument.load(await statementPdf((await buildStatement(handle.db, user, "2025-05"))!, "en"));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });
});

describe("listStatementMonths", () => {
  it("counts the user's movements in each month, back to the first movement at most", async () => {
    const { user } = await userWithHistory();
    const months = await listStatementMonths(handle.db, user.id, new Date("2025-04-15T00:00:00Z"));
    expect(months).toEqual([
      { month: "2025-04", movements: 1 },
      { month: "2025-03", movements: 5 },
      { month: "2025-02", movements: 1 },
    ]);
  });

  it("lists no month before the account was created, and at most 12", async () => {
    const { user } = await createTestUser(handle);
    // 2025-01-31 21:30 UTC is 1 February in Moscow.
    await handle.db.update(users).set({ createdAt: new Date("2025-01-31T21:30:00Z") }).where(eq(users.id, user.id));
    const months = await listStatementMonths(handle.db, user.id, new Date("2025-04-15T00:00:00Z"));
    expect(months).toEqual(["2025-04", "2025-03", "2025-02"].map((month) => ({ month, movements: 0 })));
    expect(await listStatementMonths(handle.db, user.id, new Date("2027-04-15T00:00:00Z"))).toHaveLength(12);
  });
});
