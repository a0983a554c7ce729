import { asc } from "drizzle-orm";
import type { Db } from "../../db";
import { vatRates } from "../../db/schema";

export interface VatRateRow {
  /** YYYY-MM-DD: the first day the rate applies. */
  validFrom: string;
  /** 2200 = 22 %. */
  rateBasisPoints: number;
}

/** Every dated VAT rate, oldest first. */
export function listVatRates(db: Db): Promise<VatRateRow[]> {
  return db.select({ validFrom: vatRates.validFrom, rateBasisPoints: vatRates.rateBasisPoints }).from(vatRates).orderBy(asc(vatRates.validFrom));
}
