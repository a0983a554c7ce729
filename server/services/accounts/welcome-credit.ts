import type { Db } from "../../db";
import { addCredits } from "../credits/add-credits";

/** In demo mode a new account, from the portal or `xrouter user create`, gets 100 RUB so the playground answers at once. */
export const DEMO_WELCOME_CREDIT_MICRO = 100_000_000;

/** No note: readers see the credit named in their language from its reference (displayNote in statement-format.ts). */
export async function grantWelcomeCredit(db: Db, userId: string): Promise<void> {
  await addCredits(db, { userId, amountMicro: DEMO_WELCOME_CREDIT_MICRO, kind: "promo", reference: `welcome:${userId}` });
}
