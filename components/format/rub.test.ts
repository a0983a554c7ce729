import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Rub } from "./rub";

const html = (props: Parameters<typeof Rub>[0]) => renderToStaticMarkup(createElement(Rub, props));

describe("Rub", () => {
  it("shows a request's exact cost with a tooltip saying totals are rounded", () => {
    expect(html({ micro: 460, locale: "ru", precision: "request", testId: "cost" })).toBe(
      '<span title="Точная сумма: 0,00046\u00a0₽. Баланс и итоги округляются до копейки." data-testid="cost" data-micro="460">0,00046\u00a0₽</span>',
    );
  });

  it("rounds a balance to kopecks and keeps the exact amount in the tooltip", () => {
    expect(html({ micro: 1_599_661_940, locale: "en" })).toBe(
      '<span title="Exact amount: 1,599.66194\u00a0₽. Balances and totals are rounded to the kopeck." data-micro="1599661940">1,599.66\u00a0₽</span>',
    );
  });

  it("needs no tooltip for whole kopecks", () => {
    expect(html({ micro: 350_500_000, locale: "ru", signed: true, symbol: false })).toBe('<span data-micro="350500000">+350,50</span>');
  });
});
