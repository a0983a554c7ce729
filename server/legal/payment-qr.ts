/**
 * The payment QR of ГОСТ Р 56042-2014 that Russian banking apps read to fill a transfer: a service block
 * `ST0001` + the character set (`2` = UTF-8) + the separator, then `Key=value` pairs joined by that separator.
 * The five payee requisites come first and are mandatory; the rest are optional.
 */

/** The mandatory block, then the optional requisites this project fills. */
export interface PaymentQrFields {
  name: string;
  personalAcc: string;
  bankName: string;
  bic: string;
  correspAcc: string;
  payeeInn?: string;
  kpp?: string;
  purpose?: string;
  /** Whole kopecks: the standard's `Sum` is an integer count of kopecks, no separator. */
  sumKopecks?: number;
}

const SERVICE_BLOCK = "ST0001";
const UTF8 = "2";
/**
 * The standard lets the issuer pick any separator absent from the values; banking apps expect `|`, so
 * `|` it is, and values lose any `|` of their own.
 */
const SEPARATOR = "|";

/** The standard's maximum length of each value, in characters. */
const MAX_LENGTH = {
  Name: 160,
  PersonalAcc: 20,
  BankName: 45,
  BIC: 9,
  CorrespAcc: 20,
  PayeeINN: 12,
  KPP: 9,
  Purpose: 210,
  Sum: 18,
} as const;
type Key = keyof typeof MAX_LENGTH;

/** A value fit for the payload: one line, no separator, at most the standard's length. */
function clean(key: Key, value: string): string {
  const text = value
    .replaceAll(SEPARATOR, "/")
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return [...text].slice(0, MAX_LENGTH[key]).join("");
}

/** The `ST00012|Name=…|…|Sum=…` text to encode in the QR symbol. */
export function paymentQrPayload(fields: PaymentQrFields): string {
  if (fields.sumKopecks !== undefined && !(Number.isSafeInteger(fields.sumKopecks) && fields.sumKopecks > 0)) {
    throw new RangeError(`payment QR: Sum must be a positive whole number of kopecks, got ${fields.sumKopecks}`);
  }
  const pairs: [Key, string | undefined][] = [
    ["Name", fields.name],
    ["PersonalAcc", fields.personalAcc],
    ["BankName", fields.bankName],
    ["BIC", fields.bic],
    ["CorrespAcc", fields.correspAcc],
    ["PayeeINN", fields.payeeInn],
    ["KPP", fields.kpp],
    ["Purpose", fields.purpose],
    ["Sum", fields.sumKopecks === undefined ? undefined : String(fields.sumKopecks)],
  ];
  const parts = pairs.flatMap(([key, value], index) => {
    const text = value === undefined ? "" : clean(key, value);
    if (index < 5 && !text) throw new RangeError(`payment QR: ${key} is mandatory`);
    return text ? [`${key}=${text}`] : [];
  });
  return `${SERVICE_BLOCK}${UTF8}${SEPARATOR}${parts.join(SEPARATOR)}`;
}

/** The `Key=value` pairs of a payment QR text (whatever separator it declares); throws when it is not one. */
export function parsePaymentQr(text: string): Record<string, string> {
  const header = /^ST0001([123])(.)/su.exec(text);
  if (!header) throw new SyntaxError("not a ГОСТ Р 56042-2014 payment QR (no ST0001 service block)");
  const fields: Record<string, string> = {};
  for (const part of text.slice(header[0].length).split(header[2]!)) {
    if (!part) continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new SyntaxError(`payment QR: "${part}" is not a Key=value pair`);
    fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return fields;
}
