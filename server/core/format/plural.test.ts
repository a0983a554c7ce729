import { describe, expect, it } from "vitest";
import { plural } from "./plural";

const rpm = { one: "{count} запрос/мин", few: "{count} запроса/мин", many: "{count} запросов/мин", other: "{count} запроса/мин" };
const rpmEn = { one: "{count} request/min", other: "{count} requests/min" };

describe("plural", () => {
  it("picks the Russian form by the CLDR rules", () => {
    const cases: [number, string][] = [
      [1, "1 запрос/мин"],
      [2, "2 запроса/мин"],
      [5, "5 запросов/мин"],
      [11, "11 запросов/мин"],
      [21, "21 запрос/мин"],
      [22, "22 запроса/мин"],
      [0, "0 запросов/мин"],
      [1.5, "1,5 запроса/мин"],
      [1000, "1\u00a0000 запросов/мин"],
    ];
    for (const [n, text] of cases) expect(plural("ru", n, rpm)).toBe(text);
  });

  it("uses one and other in English", () => {
    expect(plural("en", 1, rpmEn)).toBe("1 request/min");
    expect(plural("en", 21, rpmEn)).toBe("21 requests/min");
    expect(plural("en", 1000, rpmEn)).toBe("1,000 requests/min");
  });

  it("falls back to other when a form is missing", () => {
    expect(plural("ru", 5, { one: "{count} раз", other: "{count} раза" })).toBe("5 раза");
  });
});
