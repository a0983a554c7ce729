import { getBilling } from "../../billing";
import { costMicro, type TokenUsage } from "../../billing/cost";
import { reserveWorstCase, worstCaseChat, type ReservedHold } from "../../billing/hold";
import type { CatalogModel } from "../../core/catalog";
import type { Principal } from "../../core/principal";
import type { ChatRequest } from "../../providers/openai";

/**
 * Money of one batch line, through the billing's own hold: its worst case at the async price is held when it is
 * submitted, and settled at its usage (one ledger charge, the item id its reference) or released when it fails.
 * Holds live in this process (the worker's); one lost with its process was freed by the sweeper, so the charge
 * is then booked without it, still once by its reference.
 */
const g = globalThis as { __xrouterBatchHolds?: Map<string, ReservedHold> };
const holds = (g.__xrouterBatchHolds ??= new Map());

/** Holds the line's worst case; throws the billing's 402 when the balance or the key's limit falls short. */
export async function holdItem(
  itemId: string,
  principal: Principal,
  body: ChatRequest,
  asyncModel: CatalogModel,
): Promise<void> {
  holds.set(itemId, await reserveWorstCase(itemId, principal, [asyncModel], (m) => worstCaseChat(body, m)));
}

/** Charges the usage at the async price; returns the cost. */
export function chargeItem(itemId: string, principal: Principal, usage: TokenUsage, asyncModel: CatalogModel): number {
  const hold = holds.get(itemId);
  holds.delete(itemId);
  if (hold) return hold.settle(usage, asyncModel).costMicro;
  const cost = costMicro(usage, asyncModel.price);
  if (cost > 0) {
    getBilling().charges.enqueue({
      requestId: itemId,
      userId: principal.userId,
      keyId: principal.keyId,
      costMicro: cost,
      priceId: asyncModel.price.id,
      note: asyncModel.id,
    });
  }
  return cost;
}

export function releaseItem(itemId: string): void {
  holds.get(itemId)?.release();
  holds.delete(itemId);
}
