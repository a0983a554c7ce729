import type { Db } from "../../db";
import { vatRates } from "../../db/schema";
import { LegalError } from "./legal-error";
import type { VatRateRow } from "./list-vat-rates";

/**
 * Adds a rate from a date on (an admin's change of the law, e.g. 22 % from 2026-01-01). A date that already has a
 * rate is refused (`vat_rate_invalid`): documents already issued keep the rate they were issued with either way.
 */
export async function addVatRate(db: Db, rate: VatRateRow): Promise<VatRateRow> {
  const inserted = await db.insert(vatRates).values(rate).onConflictDoNothing().returning({ validFrom: vatRates.validFrom });
  if (inserted.length === 0) throw new LegalError("vat_rate_invalid", { validFrom: `Ставка с ${rate.validFrom} уже задана` });
  return rate;
}
