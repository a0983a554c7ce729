import { describe, expect, it } from "vitest";
import { displayReference } from "./statement-format";

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
