import { plural, type PluralForms } from "../core/format/plural";

type Gender = "masculine" | "feminine";

const ONES = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const ONES_FEMININE = ["", "одна", "две", ...ONES.slice(3)];
const TEENS = [
  "десять",
  "одиннадцать",
  "двенадцать",
  "тринадцать",
  "четырнадцать",
  "пятнадцать",
  "шестнадцать",
  "семнадцать",
  "восемнадцать",
  "девятнадцать",
];
const TENS = [
  "",
  "",
  "двадцать",
  "тридцать",
  "сорок",
  "пятьдесят",
  "шестьдесят",
  "семьдесят",
  "восемьдесят",
  "девяносто",
];
const HUNDREDS = [
  "",
  "сто",
  "двести",
  "триста",
  "четыреста",
  "пятьсот",
  "шестьсот",
  "семьсот",
  "восемьсот",
  "девятьсот",
];

/** Each power of a thousand, highest first: its noun's forms and gender (тысяча is feminine: «две тысячи»). */
const SCALES: { power: number; forms: PluralForms; gender: Gender }[] = [
  {
    power: 1e12,
    forms: { one: "триллион", few: "триллиона", many: "триллионов", other: "триллиона" },
    gender: "masculine",
  },
  {
    power: 1e9,
    forms: { one: "миллиард", few: "миллиарда", many: "миллиардов", other: "миллиарда" },
    gender: "masculine",
  },
  { power: 1e6, forms: { one: "миллион", few: "миллиона", many: "миллионов", other: "миллиона" }, gender: "masculine" },
  { power: 1e3, forms: { one: "тысяча", few: "тысячи", many: "тысяч", other: "тысячи" }, gender: "feminine" },
];
const RUBLES: PluralForms = { one: "рубль", few: "рубля", many: "рублей", other: "рубля" };
const KOPECKS: PluralForms = { one: "копейка", few: "копейки", many: "копеек", other: "копейки" };

/** 1–999 in words. */
function triad(n: number, gender: Gender): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else words.push(TENS[Math.floor(rest / 10)]!, (gender === "feminine" ? ONES_FEMININE : ONES)[rest % 10]!);
  return words.filter(Boolean);
}

/** A whole number of rubles in words, «ноль» for 0. */
function rublesInWords(rubles: number): string {
  if (rubles === 0) return "ноль";
  const words: string[] = [];
  let rest = rubles;
  for (const scale of SCALES) {
    const count = Math.floor(rest / scale.power);
    rest %= scale.power;
    if (count) words.push(...triad(count, scale.gender), plural("ru", count, scale.forms));
  }
  if (rest) words.push(...triad(rest, "masculine"));
  return words.join(" ");
}

/** Сумма прописью for documents, rubles in words and kopecks in digits: 159966 → «Одна тысяча пятьсот девяносто девять рублей 66 копеек». */
export function amountInWords(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0)
    throw new RangeError(`amountInWords(${kopecks}): whole non-negative kopecks expected`);
  const rubles = Math.floor(kopecks / 100);
  const cents = kopecks % 100;
  const words = `${rublesInWords(rubles)} ${plural("ru", rubles % 1000, RUBLES)} ${String(cents).padStart(2, "0")} ${plural("ru", cents, KOPECKS)}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
