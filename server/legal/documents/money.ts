import { formatRub, KOPECK_MICRO, roundToKopecks } from "../../core/format/rub";

/**
 * Lines in micro-rubles as whole kopecks (in micro-rubles) that add up exactly to their total rounded once
 * half-up: each line is floored, and the kopecks left over go one each to the lines with the largest
 * remainders (ties to the earlier line). Rounding each line on its own could miss the total by kopecks.
 */
export function roundLinesToKopecks(linesMicro: readonly number[]): number[] {
  const total = roundToKopecks(linesMicro.reduce((sum, micro) => sum + micro, 0));
  const floors = linesMicro.map((micro) => Math.floor(micro / KOPECK_MICRO) * KOPECK_MICRO);
  let left = (total - floors.reduce((sum, micro) => sum + micro, 0)) / KOPECK_MICRO;
  const byRemainder = linesMicro
    .map((micro, index) => ({ index, remainder: micro - floors[index]! }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    floors[index]! += KOPECK_MICRO;
    left--;
  }
  return floors;
}

/** `22 %`, `5,5 %`: a VAT rate as documents print it. */
export function vatRateText(rateBasisPoints: number): string {
  return `${String(rateBasisPoints / 100).replace(".", ",")} %`;
}

/** `12 345,67`: an amount in a document's ruble column. */
export function rubText(micro: number): string {
  return formatRub(micro, "ru", { symbol: false });
}

/** Refuses an amount that is not a whole number of kopecks: documents carry kopecks only. */
export function assertKopecks(micro: number, what: string): void {
  if (!Number.isSafeInteger(micro) || micro % KOPECK_MICRO !== 0)
    throw new RangeError(`${what} must be whole kopecks, got ${micro} µ₽`);
}
