import { MICRO_PER_RUB } from "../../money";

/** Kopecks per ruble and micro-rubles per kopeck: every RUB amount on the wire has exactly 2 decimals. */
export const KOPECKS_PER_RUB = 100;
export const MICRO_PER_KOPECK = MICRO_PER_RUB / KOPECKS_PER_RUB;

/** The wire form YooKassa requires for RUB (§2.1, §9): digits, a dot, exactly two decimals. */
export const RUB_AMOUNT_PATTERN = /^\d+\.\d{2}$/;

/** Integer kopecks → the wire string ("500.00"); never goes through a float. */
export function formatKopecks(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) throw new RangeError(`not a kopeck amount: ${kopecks}`);
  const rub = Math.floor(kopecks / KOPECKS_PER_RUB);
  const kop = kopecks % KOPECKS_PER_RUB;
  return `${rub}.${String(kop).padStart(2, "0")}`;
}

/**
 * The wire string → integer kopecks, parsed digit by digit (no floats). Strict: exactly two decimals,
 * as YooKassa always sends for RUB; anything else is undefined so the caller refuses to credit.
 */
export function parseKopecks(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{1,13})\.(\d{2})$/.exec(value);
  if (!match) return undefined;
  const kopecks = Number(match[1]) * KOPECKS_PER_RUB + Number(match[2]);
  return Number.isSafeInteger(kopecks) ? kopecks : undefined;
}

export function kopecksToMicro(kopecks: number): number {
  return kopecks * MICRO_PER_KOPECK;
}

/** Micro-rubles → kopecks, or undefined when the amount is not whole kopecks. */
export function microToKopecks(micro: number): number | undefined {
  if (!Number.isSafeInteger(micro) || micro % MICRO_PER_KOPECK !== 0) return undefined;
  return micro / MICRO_PER_KOPECK;
}
