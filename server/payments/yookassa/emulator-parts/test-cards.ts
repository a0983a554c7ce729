/**
 * Test cards of a YooKassa test shop (/work/shared/payments-yookassa.md §7). The table agrees across many
 * third-party copies of the docs page, but the first-party page body was not read: UNCONFIRMED (high agreement).
 */
export type CardOutcome =
  | { status: "succeeded"; threeDSecure: boolean }
  | { status: "canceled"; party: "payment_network" | "yoo_money"; reason: string };

const SUCCESS: Record<string, boolean> = {
  "5555555555554477": true,
  "5555555555554444": false,
  "4793128161644804": true,
  "4111111111111111": false,
  "2200000000000004": true,
  "2202474301322987": false,
  "6759649826438453": false,
  "4175001000000017": false,
  "370000000000002": false,
  "3528000700000000": false,
  "36700102000000": false,
};

const DECLINES: Record<string, string[]> = {
  "3d_secure_failed": ["5555555555554592", "4839665499603842", "2200000000000012"],
  call_issuer: ["5555555555554535", "4926946416239025", "2200000000000020"],
  card_expired: ["5555555555554543", "4141435412630840", "2200000000000038"],
  fraud_suspected: ["5555555555554568", "4483274282299972", "2200000000000046"],
  general_decline: ["5555555555554527", "4889971706588753", "2202202212312379"],
  insufficient_funds: ["5555555555554600", "4562265587712390", "2200000000000053"],
  invalid_card_number: ["5555555555554618", "4951017853630544", "2201382000000013"],
  invalid_csc: ["5555555555554626", "4194180666146368", "2200770212727079"],
  issuer_unavailable: ["5555555555554501", "4654130848359150", "2201382000000021"],
  payment_method_limit_exceeded: ["5555555555554576", "4565231022577548", "2201382000000039"],
  payment_method_restricted: ["5555555555554550", "4233961169071671", "2201382000000047"],
};

const YOO_MONEY_DECLINES: Record<string, string[]> = {
  country_forbidden: ["5555555555554584", "4969751510013864", "2201382000000054"],
  fraud_suspected: ["5555555555554634", "4119098878796485", "2201696981989955"],
};

export const DEFAULT_TEST_CARD = "5555555555554444";

/**
 * What paying with `card` does. A number outside the table is declined as `invalid_card_number`
 * (the emulator's choice: what a real test shop does with other numbers is UNCONFIRMED).
 */
export function cardOutcome(card: string): CardOutcome {
  const number = card.replace(/\D/g, "");
  if (number in SUCCESS) return { status: "succeeded", threeDSecure: SUCCESS[number]! };
  for (const [reason, cards] of Object.entries(DECLINES)) {
    if (cards.includes(number)) return { status: "canceled", party: "payment_network", reason };
  }
  for (const [reason, cards] of Object.entries(YOO_MONEY_DECLINES)) {
    if (cards.includes(number)) return { status: "canceled", party: "yoo_money", reason };
  }
  return { status: "canceled", party: "payment_network", reason: "invalid_card_number" };
}

export function cardType(card: string): string {
  if (/^5[1-5]/.test(card)) return "MasterCard";
  if (/^4/.test(card)) return "Visa";
  if (/^220[0-4]/.test(card)) return "Mir";
  if (/^3[47]/.test(card)) return "AmericanExpress";
  if (/^35/.test(card)) return "JCB";
  if (/^3[068]/.test(card)) return "DinersClub";
  return "Unknown";
}
