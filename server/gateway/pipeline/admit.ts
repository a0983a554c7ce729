import { admitRequest } from "../../billing/admission";
import { reserveWorstCase, type ReservedHold } from "../../billing/hold";
import type { ReserveInput, ReserveResult } from "../../billing/meter";
import type { Principal } from "../../core/principal";
import type { Plan } from "../../routing/plan";
import { holdSlot, slotPlace, type FirstSlot } from "../../routing/slots";
import { rpmCount, rpmHeaders } from "../rate-limit";
import type { RequestContext } from "./context";
import type { Endpoint } from "./endpoint";

export interface Admission {
  /** The key's rate-limit headers, sent with the answer. */
  limitHeaders: Record<string, string>;
  hold: ReservedHold;
  /** The first route's concurrency slot, asked for up front; runRoutes takes it over. */
  firstSlot: FirstSlot;
}

/**
 * Stage 4: the checks a request passes before its first upstream call, in this order: the key's rate limit, the
 * billing hold and the first route's concurrency slot. They are one store call (admitRequest): a rate-limited
 * request holds no money and takes no slot, a refused hold takes no slot. When the budget caps max_tokens, the
 * capped hold is asked again with the slot, without counting the request twice.
 */
export async function admit<Req extends { model: string }>(
  endpoint: Endpoint<Req, unknown>,
  req: Req,
  principal: Principal,
  ctx: RequestContext,
  plan: Plan,
): Promise<Admission> {
  const first = plan.routes[0]!;
  const place = slotPlace(first.account.id, first.account.concurrency);
  let rate = rpmCount(principal);
  let limitHeaders: Record<string, string> = {};
  const firstSlot: FirstSlot = { release: undefined };
  const ask = async (input: ReserveInput): Promise<ReserveResult> => {
    const result = await admitRequest({ ...input, rate, place });
    if (rate) limitHeaders = rpmHeaders(principal, result.rateCount!); // 429 past the limit: nothing was held
    rate = undefined;
    if (result.placeTaken) firstSlot.release = holdSlot(place);
    return result.hold!;
  };
  // Fallbacks may answer with any planned model: the dearest worst case is held.
  const hold = await reserveWorstCase(ctx.requestId, principal, plan.routes.map((r) => r.model), (model) => endpoint.worstCase(req, model), {
    capCompletion: endpoint.capCompletion?.(req),
    reserve: ask,
  });
  if (hold.cappedMaxTokens !== undefined) {
    endpoint.applyCap?.(req, hold.cappedMaxTokens);
    limitHeaders["x-xrouter-max-tokens-capped"] = String(hold.cappedMaxTokens);
  }
  return { limitHeaders, hold, firstSlot };
}
