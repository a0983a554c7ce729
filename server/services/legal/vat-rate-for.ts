import type { Db } from "../../db";
import { vatRateOn } from "../../legal/vat";
import { LegalError } from "./legal-error";
import { listVatRates } from "./list-vat-rates";

/** The VAT rate (basis points) in force on a document's day (YYYY-MM-DD); `vat_rate_missing` when none is. */
export async function vatRateFor(db: Db, day: string): Promise<number> {
  const rate = vatRateOn(day, await listVatRates(db));
  if (rate === undefined) throw new LegalError("vat_rate_missing");
  return rate;
}
