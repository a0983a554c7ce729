/** Money is integer micro-rubles (1 RUB = 1,000,000 µRUB): per-token costs stay exact, no floats. */
export const MICRO_PER_RUB = 1_000_000;

/** Parses a ruble amount like "12.50" or 12.5 exactly (up to 6 decimals); undefined when malformed. */
export function parseRub(value: string | number): number | undefined {
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = /^(-?)(\d{1,12})(?:[.,](\d{1,6}))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = ""] = match;
  const micro = Number(whole) * MICRO_PER_RUB + Number(fraction.padEnd(6, "0"));
  return sign === "-" ? -micro : micro;
}

/** Formats micro-rubles as rubles with up to 6 decimals, trailing zeros trimmed to kopecks. */
export function formatRub(micro: number): string {
  const sign = micro < 0 ? "-" : "";
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / MICRO_PER_RUB);
  const fraction = String(abs % MICRO_PER_RUB).padStart(6, "0").replace(/0{1,4}$/, "");
  return `${sign}${whole}.${fraction.padEnd(2, "0")}`;
}

/** RUB per 1M tokens (a catalog price) → micro-rubles per 1M tokens. */
export function rubPer1MToMicro(rub: number): number {
  return Math.round(rub * MICRO_PER_RUB);
}
