import type { Settlement } from "../../billing/hold";
import type { CatalogModel } from "../../core/catalog";
import type { Outcome, Run } from "./endpoint";

/**
 * Stage 7: charges what the caller got at the answering model's price. The answer's last bytes wait until the
 * charge's mark is sent (durable: docs/reliability.md); the booking follows in batches.
 */
export function settle(run: Run<unknown>, model: CatalogModel, outcome: Outcome): Settlement {
  return run.hold.settle(outcome.usage, model);
}
