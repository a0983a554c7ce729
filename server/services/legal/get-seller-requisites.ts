import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { settings } from "../../db/schema";

/** The settings key holding the seller's (XRouter's operator's) requisites, set on the admin page. */
export const SELLER_REQUISITES_SETTING = "seller_requisites";

/** `vat`: documents charge VAT at the dated rate; `no_vat`: the seller is exempt (УСН) and documents say «Без НДС». */
export const SELLER_VAT_STATUSES = ["vat", "no_vat"] as const;

export interface SellerRequisites {
  name: string;
  inn: string;
  /** A company's; null for a sole trader. */
  kpp: string | null;
  /** ОГРН, or ОГРНИП for a sole trader (12-digit ИНН). */
  ogrn: string;
  address: string;
  bankName: string;
  bik: string;
  account: string;
  corrAccount: string;
  vatStatus: (typeof SELLER_VAT_STATUSES)[number];
}

/** The seller's requisites, or undefined until an admin has saved them (no invoice or УПД can be issued before). */
export async function getSellerRequisites(db: Db): Promise<SellerRequisites | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SELLER_REQUISITES_SETTING));
  return (row?.value as SellerRequisites | undefined) ?? undefined;
}
