import { dayInZone } from "../core/format/time";
import { KOPECK_MICRO, roundToKopecks } from "../core/format/rub";

/** One row of vat_rates: the rate in basis points (2200 = 22 %) from `validFrom` (YYYY-MM-DD) on. */
export interface VatRate {
  validFrom: string;
  rateBasisPoints: number;
}

/** The table's seed (Federal Law 425-FZ: 22 % from 2026-01-01); documents take their rate from the table. */
export const VAT_RATE_SEED: VatRate = { validFrom: "2026-01-01", rateBasisPoints: 2200 };

/**
 * The rate in force on a document's date (a Date counts by its Moscow calendar day): the row with the latest
 * `validFrom` ≤ that day; undefined when every row starts later.
 */
export function vatRateOn(date: string | Date, rates: readonly VatRate[]): number | undefined {
  const day = typeof date === "string" ? date : dayInZone(date);
  let best: VatRate | undefined;
  for (const rate of rates) if (rate.validFrom <= day && (!best || rate.validFrom > best.validFrom)) best = rate;
  return best?.rateBasisPoints;
}

/** The VAT inside a VAT-inclusive total: total × rate / (100 % + rate), rounded half-up (away from zero) to kopecks. */
export function vatIncluded(totalKopecks: number, basisPoints: number): number {
  if (!Number.isSafeInteger(totalKopecks) || !Number.isSafeInteger(basisPoints) || basisPoints < 0)
    throw new RangeError(`vatIncluded(${totalKopecks}, ${basisPoints}): whole kopecks and basis points expected`);
  // floor(t·r/D + ½) = floor((2·t·r + D) / 2D), in BigInt so no product ever loses a digit.
  const rate = BigInt(basisPoints);
  const whole = 10_000n + rate;
  const kopecks = Number((2n * BigInt(Math.abs(totalKopecks)) * rate + whole) / (2n * whole));
  return totalKopecks < 0 ? -kopecks : kopecks;
}

/** Micro-rubles → whole kopecks, half-up (away from zero). */
export function kopecksFromMicro(micro: number): number {
  return roundToKopecks(micro) / KOPECK_MICRO;
}
