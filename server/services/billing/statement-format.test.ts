import { describe, expect, it } from "vitest";
import { statementCsv } from "./statement-csv";
import type { Statement, StatementRow } from "./statement-data";
import { displayNote, displayReference } from "./statement-format";

describe("displayReference", () => {
  it("names the welcome credit in the reader's language instead of its internal id", () => {
    expect(displayReference("promo", "welcome:usr_01abc", "ru")).toBe("Приветственный бонус");
    expect(displayReference("promo", "welcome:usr_01abc", "en")).toBe("Welcome bonus");
    expect(displayReference("promo", "welcome:usr_01abc")).toBe("Приветственный бонус");
  });

  it("shows a promo credit as its code and other references as they are", () => {
    expect(displayReference("promo", "promo:SPRING25:usr_01abc", "en")).toBe("SPRING25");
    expect(displayReference("topup", "pay_123", "en")).toBe("pay_123");
    expect(displayReference("charge", null, "ru")).toBe("");
  });
});

describe("displayNote", () => {
  const welcome = { kind: "promo", reference: "welcome:usr_01abc" };

  it("names the welcome credit from its kind and reference, whether its row carries the old English note or none", () => {
    expect(displayNote({ ...welcome, note: "demo credit" }, "ru")).toBe("Приветственный бонус");
    expect(displayNote({ ...welcome, note: null }, "ru")).toBe("Приветственный бонус");
    expect(displayNote({ ...welcome, note: "demo credit" }, "en")).toBe("Welcome bonus");
    expect(displayNote({ ...welcome, note: "demo credit" })).toBe("Приветственный бонус");
  });

  it("says the notes the server writes in English in the reader's language", () => {
    expect(displayNote({ kind: "promo", reference: "promo:SPRING25:usr_01abc", note: "promo SPRING25" }, "ru")).toBe("Промокод SPRING25");
    expect(displayNote({ kind: "promo", reference: "promo:SPRING25:usr_01abc", note: "promo SPRING25" }, "en")).toBe("Promo code SPRING25");
    expect(displayNote({ kind: "topup", reference: "pay_1", note: "YooKassa top-up top_01xyz" }, "ru")).toBe("Пополнение через ЮKassa (top_01xyz)");
    expect(displayNote({ kind: "adjustment", reference: null, note: "added with xrouter credits add" }, "ru")).toBe("Начислено командой xrouter credits add");
    expect(displayNote({ kind: "adjustment", reference: null, note: "added with xrouter credits add" }, "en")).toBe("Added with xrouter credits add");
  });

  it("keeps what people wrote and charges' model ids as they are, and only matches a system note on its own kind", () => {
    expect(displayNote({ kind: "adjustment", reference: null, note: "Компенсация за простой" }, "en")).toBe("Компенсация за простой");
    expect(displayNote({ kind: "adjustment", reference: null, note: "promo SPRING25" }, "ru")).toBe("promo SPRING25");
    expect(displayNote({ kind: "charge", reference: "req_1", note: "gigachat/GigaChat-2" }, "ru")).toBe("gigachat/GigaChat-2");
    expect(displayNote({ kind: "topup", reference: "bank:bp_1", note: "Банковский перевод: п/п № 12 от 01.03.2025" }, "ru")).toBe("Банковский перевод: п/п № 12 от 01.03.2025");
    expect(displayNote({ kind: "refund", reference: null, note: null }, "ru")).toBe("");
  });

  it("reaches the statement: an old database's welcome row reads in Russian in the CSV's comment column", () => {
    const row: StatementRow = {
      id: 1,
      createdAt: new Date("2025-03-05T09:00:00Z"),
      kind: "promo",
      amountMicro: 100_000_000,
      balanceAfterMicro: 100_000_000,
      reference: "welcome:usr_01abc",
      keyId: null,
      keyName: null,
      memberEmail: null,
      note: "demo credit",
    };
    const zero = { count: 0, amountMicro: 0 };
    const statement: Statement = {
      month: "2025-03",
      from: new Date("2025-02-28T21:00:00Z"),
      to: new Date("2025-03-31T21:00:00Z"),
      email: "a@example.test",
      openingMicro: 0,
      closingMicro: 100_000_000,
      rows: [row],
      totals: { topup: zero, charge: zero, refund: zero, adjustment: zero, promo: { count: 1, amountMicro: 100_000_000 } },
    };
    const csv = statementCsv(statement, "ru");
    expect(csv).toContain("2025-03-05 12:00:00;Промокод;100,00;100,00;Приветственный бонус;;Приветственный бонус\r\n");
    expect(csv).not.toContain("demo credit");
  });
});
