import { reserveWorstCase, type ReservedHold } from "../../billing/hold";
import type { Principal } from "../../core/principal";
import type { Plan } from "../../routing/plan";
import { acquireSlot, type FirstSlot } from "../../routing/slots";
import { enforceRpm, nearRpmLimit } from "../rate-limit";
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
 * Stage 4: the checks a request passes before its first upstream call: the key's rate limit, the billing hold and the
 * first route's concurrency slot. They are asked in the same tick, so the store receives them as one pipelined
 * round trip instead of three in a row; whatever one check granted is given back when another refuses, and a
 * rate-limit refusal wins over a balance refusal, as if they had run in that order. A key close to its rate
 * limit asks that first, so a flood of refused requests never takes slots or holds money, even briefly.
 */
export async function admit<Req extends { model: string }>(
  endpoint: Endpoint<Req, unknown>,
  req: Req,
  principal: Principal,
  ctx: RequestContext,
  plan: Plan,
): Promise<Admission> {
  const first = plan.routes[0]!;
  const limits = nearRpmLimit(principal) ? Promise.resolve(await enforceRpm(principal)) : enforceRpm(principal);
  const [rpm, hold, slot] = await Promise.allSettled([
    limits,
    // Fallbacks may answer with any planned model: the dearest worst case is held.
    reserveWorstCase(ctx.requestId, principal, plan.routes.map((r) => r.model), (model) => endpoint.worstCase(req, model), {
      capCompletion: endpoint.capCompletion?.(req),
    }),
    acquireSlot(first.account.id, first.account.concurrency),
  ]);
  if (rpm.status === "fulfilled" && hold.status === "fulfilled" && slot.status === "fulfilled") {
    const capped = hold.value.cappedMaxTokens;
    if (capped !== undefined) {
      endpoint.applyCap?.(req, capped);
      rpm.value["x-xrouter-max-tokens-capped"] = String(capped);
    }
    return { limitHeaders: rpm.value, hold: hold.value, firstSlot: { release: slot.value } };
  }
  if (hold.status === "fulfilled") hold.value.release();
  if (slot.status === "fulfilled") slot.value?.();
  throw [rpm, hold, slot].find((r): r is PromiseRejectedResult => r.status === "rejected")!.reason;
}
