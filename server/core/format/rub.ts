import { formatRub as decimalRub, MICRO_PER_RUB } from "../../money";
import type { Locale } from "../locale";
import { formatNumber } from "./number";

export const KOPECK_MICRO = MICRO_PER_RUB / 100;
/** The largest amount a person may type as a limit, threshold, cap or promo (1 000 000 ₽). */
export const MAX_AMOUNT_MICRO = 1_000_000 * MICRO_PER_RUB;

/**
 * `total`: balances, totals, limits: rounded half-up to kopecks, two decimals (`1 599,66 ₽`).
 * `request`: a request's cost or a price: exact to the micro-ruble, at least two decimals (`0,00046 ₽`).
 */
export type RubPrecision = "total" | "request";

export interface RubOptions {
  precision?: RubPrecision;
  /** Append ` ₽` (default); table cells under a "Сумма, ₽" heading leave it out. */
  symbol?: boolean;
  /** `+12,00` for credits (debits always carry `−`). */
  signed?: boolean;
}

const NBSP = "\u00a0";
const MINUS = "\u2212";

/** Micro-rubles rounded half-up (away from zero) to whole kopecks. */
export function roundToKopecks(micro: number): number {
  const kopecks = Math.floor((Math.abs(micro) + KOPECK_MICRO / 2) / KOPECK_MICRO);
  return Math.sign(micro) * kopecks * KOPECK_MICRO || 0;
}

/**
 * Money for people, the locale's way: `1 599,66 ₽` (ru: no-break space between thousands, comma for kopecks),
 * `1,599.66 ₽` (en). Integer arithmetic throughout: no float ever rounds a kopeck.
 */
export function formatRub(micro: number, locale: Locale, options: RubOptions = {}): string {
  const precision = options.precision ?? "total";
  const value = precision === "total" ? roundToKopecks(micro) : micro;
  // The exact digits (kopecks always, sub-kopeck ones when present: none left after rounding), then the locale's dress.
  const [whole, fraction] = decimalRub(Math.abs(value)).split(".");
  const sign = value < 0 ? MINUS : value > 0 && options.signed ? "+" : "";
  const number = `${sign}${formatNumber(Number(whole), locale)}${locale === "ru" ? "," : "."}${fraction}`;
  return options.symbol === false ? number : `${number}${NBSP}₽`;
}

/** A money cell of a spreadsheet: exact, no grouping, `-` for debits; comma decimals for Russian Excel. */
export function formatRubCell(micro: number, decimal: "," | "."): string {
  return decimalRub(micro).replace(".", decimal);
}

export type RubInputError = "invalid" | "too_precise" | "too_small" | "too_large";

export interface RubInputRules {
  /** Digits allowed after the comma: 2 for amounts, 6 for prices per 1M tokens (whole micro-rubles). */
  decimals: number;
  minMicro: number;
  maxMicro: number;
}

/** A limit, threshold, cap or promo: whole kopecks from 0,01 ₽ to 1 000 000 ₽. */
export const AMOUNT_RULES: RubInputRules = { decimals: 2, minMicro: KOPECK_MICRO, maxMicro: MAX_AMOUNT_MICRO };
/** A catalog price per 1M tokens: exact to the micro-ruble, free (0) allowed. */
export const PRICE_RULES: RubInputRules = { decimals: 6, minMicro: 0, maxMicro: MAX_AMOUNT_MICRO };

export type RubInput = { ok: true; micro: number } | { ok: false; error: RubInputError };

const INPUT = /^(-?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?$/;

/**
 * Rubles typed by a person: `250,50` and `250.50` alike, thousands optionally spaced (`1 500`), at most
 * `rules.decimals` digits after the separator, within [minMicro, maxMicro].
 */
export function parseRubInput(text: string | number, rules: RubInputRules = AMOUNT_RULES): RubInput {
  const match = INPUT.exec(String(text).trim());
  if (!match) return { ok: false, error: "invalid" };
  const [, sign, grouped, fraction = ""] = match;
  const whole = grouped!.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
  if (fraction.length > Math.min(rules.decimals, 6)) return { ok: false, error: "too_precise" };
  if (whole.length > 12) return { ok: false, error: sign ? "too_small" : "too_large" };
  const magnitude = Number(whole) * MICRO_PER_RUB + Number(fraction.padEnd(6, "0"));
  const micro = sign && magnitude ? -magnitude : magnitude;
  if (micro < rules.minMicro) return { ok: false, error: "too_small" };
  if (micro > rules.maxMicro) return { ok: false, error: "too_large" };
  return { ok: true, micro };
}
