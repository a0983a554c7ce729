import type { CatalogModel } from "../../core/catalog";
import type { Outcome, Run } from "./endpoint";

/**
 * Stage 7: charges what the caller got at the answering model's price. Resolves once the charge is marked on the
 * hold (durable: docs/reliability.md), so the answer's last bytes go after it; the booking follows in batches.
 */
export function settle(run: Run<unknown>, model: CatalogModel, outcome: Outcome): Promise<number> {
  return run.hold.settle(outcome.usage, model);
}
