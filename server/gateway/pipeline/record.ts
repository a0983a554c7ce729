import type { Attempt } from "../../routing/execute";
import type { Route } from "../../routing/plan";
import { recordRequest } from "../recorder";
import type { Endpoint, Outcome, Run } from "./endpoint";

/**
 * Stage 8: the request's row in the requests log (and its generation record), off the hot path: nothing here
 * waits for a store. `route` is the route that answered, or the last one tried when none did.
 */
export function record<Req extends { model: string }>(
  endpoint: Endpoint<Req, unknown>,
  run: Run<Req>,
  route: Route | undefined,
  attempts: Attempt[],
  outcome: Omit<Outcome, "usage"> & { usage?: Outcome["usage"] },
  costMicro = 0,
): void {
  const usage = outcome.usage;
  recordRequest({
    id: run.ctx.requestId,
    userId: run.principal.userId,
    keyId: run.principal.keyId,
    endpoint: endpoint.name,
    model: route ? route.model.id : run.req.model,
    provider: route?.account.provider,
    upstreamModel: route?.upstreamModel,
    priceId: route?.model.price.id,
    attempts,
    stream: endpoint.streams?.(run.req) ?? false,
    status: outcome.status,
    errorCode: outcome.errorCode,
    finishReason: outcome.finishReason,
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    costMicro,
    latencyMs: Date.now() - run.ctx.startedAt,
    firstTokenMs: outcome.firstTokenMs,
    routeReason: run.plan.reason,
    cache: run.cache?.result,
    appTitle: run.ctx.app?.title,
    appUrl: run.ctx.app?.url,
    createdAt: new Date(run.ctx.startedAt),
  });
}
