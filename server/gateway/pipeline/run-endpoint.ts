import type { Principal } from "../../core/principal";
import type { ResponseSink } from "../sink";
import { admit } from "./admit";
import { keepCompleteAnswer, lookupCache, serveHit } from "./cache";
import { callUpstream } from "./call";
import type { RequestContext } from "./context";
import type { Endpoint, Outcome, Run } from "./endpoint";
import { planRequest } from "./plan";
import { record } from "./record";
import { settle } from "./settle";
import { validateRequest } from "./validate";

/**
 * The pipeline every API endpoint runs, after the caller was identified (stage 1, at the door):
 * validate → (cache lookup) → plan → admit → call → deliver → settle → record. A stage that fails ends the request
 * with its error, so nothing later runs: an invalid request is never admitted, a refused one never calls upstream.
 * The answer's last bytes (`complete`) go out last, once the charge's mark is sent: a charge is marked before the answer ends.
 * A cacheable request (pipeline/cache.ts) looks up the response cache first: a hit is answered from it and ends
 * there; a miss runs on and keeps its answer once it completed.
 */
export async function runEndpoint<Req extends { model: string }, Answer>(
  endpoint: Endpoint<Req, Answer>,
  body: unknown,
  principal: Principal,
  ctx: RequestContext,
  sink: ResponseSink,
): Promise<void> {
  const req = validateRequest(endpoint, body);
  const lookup = await lookupCache(endpoint, req, principal, ctx);
  if (lookup?.hit && (await serveHit(endpoint, req, principal, ctx, sink, lookup.hit))) return;
  const plan = await planRequest(endpoint, req, principal, ctx);
  const { hold, limitHeaders, firstSlot } = await admit(endpoint, req, principal, ctx, plan);
  const run: Run<Req> = { req, principal, ctx, sink, plan, hold, limitHeaders };
  if (lookup) {
    run.cache = { result: lookup.result, keep: lookup.keep, chunks: lookup.keep && endpoint.streams?.(req) ? [] : undefined };
    limitHeaders["x-xrouter-cache"] = lookup.result;
  }
  const done = await callUpstream(endpoint, run, firstSlot);
  let outcome: Outcome;
  try {
    outcome = await endpoint.deliver(run, done);
  } finally {
    done.release();
  }
  const model = done.route.model;
  const settled = settle(run, model, outcome);
  // Recorded before the last bytes: the generation record leaves with the mark, so a caller who asks for it
  // as soon as the answer ends finds it.
  record(endpoint, run, done.route, done.attempts, outcome, settled.costMicro);
  await settled.sent;
  endpoint.complete(run, done, outcome, settled.costMicro);
  keepCompleteAnswer(endpoint, run, done, outcome);
}
