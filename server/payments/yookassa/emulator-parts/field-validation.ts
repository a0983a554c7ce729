import { parseKopecks, RUB_AMOUNT_PATTERN } from "../amount";
import { invalid } from "./api-error";

/** [SPEC CurrencyCode] */
const CURRENCIES = ["RUB", "EUR", "USD", "KZT", "BYN", "UAH", "UZS", "TRY", "INR", "MDL", "AZN", "AMD"];

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** An `{ value, currency }` amount; `parameter` names the field in the 400 answer. */
export function parseAmount(value: unknown, parameter: string): { kopecks: number; currency: string } {
  if (!isObject(value)) throw invalid("Amount is missing or illegal", parameter);
  const { currency } = value;
  if (typeof currency !== "string" || !CURRENCIES.includes(currency))
    throw invalid("Currency code is illegal", `${parameter}.currency`);
  // §2.1: a string with exactly two decimals for RUB; numeric JSON is refused (whether the API accepts it is UNCONFIRMED).
  if (typeof value.value !== "string" || !RUB_AMOUNT_PATTERN.test(value.value)) {
    throw invalid("Amount value is illegal", `${parameter}.value`);
  }
  const kopecks = parseKopecks(value.value);
  if (kopecks === undefined || kopecks <= 0) throw invalid("Amount value is illegal", `${parameter}.value`);
  return { kopecks, currency };
}

/** A 54-FZ receipt (§2.4): a customer email or phone and 1-100 items. */
export function validateReceipt(receipt: unknown): void {
  // Wording [3P] "Receipt is missing or illegal" is UNCONFIRMED.
  const fail = (parameter = "receipt") => invalid("Receipt is missing or illegal", parameter);
  if (!isObject(receipt)) throw fail();
  const customer = receipt.customer;
  const email = isObject(customer) ? customer.email : undefined;
  const phone = isObject(customer) ? customer.phone : undefined;
  const emailOk = typeof email === "string" && email.length <= 254 && /^[^@\s]+@[^@\s]+$/.test(email);
  const phoneOk = typeof phone === "string" && /^[0-9]{4,15}$/.test(phone);
  if (!emailOk && !phoneOk) throw fail("receipt.customer");
  const items = receipt.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) throw fail("receipt.items");
  items.forEach((item: unknown, i) => {
    const at = `receipt.items[${i}]`;
    if (!isObject(item)) throw fail(at);
    if (typeof item.description !== "string" || item.description.length < 1 || item.description.length > 128) {
      throw fail(`${at}.description`);
    }
    const quantity = typeof item.quantity === "string" ? Number(item.quantity) : item.quantity;
    if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0) throw fail(`${at}.quantity`);
    parseAmount(item.amount, `${at}.amount`);
    if (
      typeof item.vat_code !== "number" ||
      !Number.isInteger(item.vat_code) ||
      item.vat_code < 1 ||
      item.vat_code > 12
    ) {
      throw fail(`${at}.vat_code`);
    }
  });
}
