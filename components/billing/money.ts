/** Micro-rubles for people: grouped digits, kopecks always, sub-kopeck digits only when present (charges). */
export function formatMoney(micro: number, locale: "ru" | "en"): string {
  const subKopeck = micro % 10_000 !== 0;
  return new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: subKopeck ? 6 : 2,
  }).format(micro / 1_000_000);
}

/** Same, with an explicit sign for movements (+12,00 / −3,50). */
export function formatSignedMoney(micro: number, locale: "ru" | "en"): string {
  const text = formatMoney(Math.abs(micro), locale);
  return micro > 0 ? `+${text}` : micro < 0 ? `−${text}` : text;
}
