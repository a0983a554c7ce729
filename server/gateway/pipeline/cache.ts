import { costMicro, type TokenUsage } from "../../billing/cost";
import { admitRequest } from "../../billing/admission";
import { reserveWorstCase } from "../../billing/hold";
import { getCatalog, type CatalogModel } from "../../core/catalog";
import type { Principal } from "../../core/principal";
import { getMetrics } from "../../metrics/registry";
import type { Success } from "../../routing/execute";
import { getStore } from "../../store";
import { cacheKeyHash, cacheScope } from "../cache/cache-key";
import { cacheDirective } from "../cache/directive";
import { hitShare, sharePrice } from "../cache/hit-share";
import { keepAnswer, lookupAnswer, type FoundAnswer } from "../cache/response-cache";
import { keepSemantic, lookupSemantic } from "../cache/semantic-cache";
import { rpmCount, rpmHeaders } from "../rate-limit";
import { recordRequest } from "../recorder";
import type { ResponseSink } from "../sink";
import type { RequestContext } from "./context";
import type { CacheRun, Endpoint, Outcome, Run } from "./endpoint";

/** A key with the cache on keeps answers this long unless it says otherwise (the column's default). */
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

/**
 * The response cache's lookup (docs/api/cache.md), after validation: one store round trip (the scope's namespace
 * versions and the entry), the only one before an exact hit is answered. On an exact miss of a key with the
 * semantic cache on, a chat request's last user message is embedded and compared (cache/semantic-cache.ts).
 * Undefined when the request is not cacheable: the endpoint has no cache, or neither the key's setting nor the
 * request's `x-xrouter-cache` asks for it. `hit` is set when an answer was found; the rest says what to do on a miss.
 */
export async function lookupCache<Req extends { model: string }>(
  endpoint: Endpoint<Req, unknown>,
  req: Req,
  principal: Principal,
  ctx: RequestContext,
): Promise<(CacheRun & { hit?: FoundAnswer }) | undefined> {
  if (!endpoint.cache) return undefined;
  const directive = cacheDirective(ctx.cacheHeaders);
  if (directive.mode === "bypass") return counted({ result: "bypass" });
  if (principal.cache?.mode !== "on" && directive.mode === undefined) return undefined;
  const ttlSeconds = directive.ttlSeconds ?? principal.cache?.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const scope = cacheScope(principal);
  const hash = cacheKeyHash(endpoint.name, req);
  const { slot, versions, answer } = await lookupAnswer(scope, hash);
  if (directive.mode === "refresh") return counted({ result: "refresh", keep: { slot, ttlSeconds } });
  if (answer) return { result: "miss", keep: { slot, ttlSeconds }, hit: { answer, result: "hit" } };
  const semantic = await lookupSemantic(endpoint.name, req, principal, ctx, { scope, versions, hash });
  slot.semantic = semantic.slot;
  return semantic.hit ? { result: "miss", keep: { slot, ttlSeconds }, hit: semantic.hit } : counted({ result: "miss", keep: { slot, ttlSeconds } });
}

function counted(run: CacheRun): CacheRun {
  getMetrics().cacheRequests.inc({ result: run.result });
  return run;
}

/**
 * Answers a hit (exact or semantic, as `x-xrouter-cache` says): no plan, no hold, no upstream call. It costs the
 * admin's published share of the answer's price at the model's current price (0 % by default, then no further
 * store call unless the key has a rate limit); a charge is reserved at its exact amount with the rate count
 * (402 / 429 like any request) and settled at once, through the charge queue and the ledger. False when the answer
 * cannot be priced (its model left the catalog) or its model is not one the key may use: then it runs as a miss.
 */
export async function serveHit<Req extends { model: string }>(
  endpoint: Endpoint<Req, unknown>,
  req: Req,
  principal: Principal,
  ctx: RequestContext,
  sink: ResponseSink,
  found: FoundAnswer,
): Promise<boolean> {
  const { answer, result } = found;
  const model = (await getCatalog()).get(answer.model);
  // A key may not receive (through a sharing sibling's answer) a model it may not use: planned, it is refused.
  if (!model || (principal.allowedModels && !principal.allowedModels.includes(model.id))) {
    getMetrics().cacheRequests.inc({ result: "miss" });
    return false;
  }
  const charged = await chargeHit(principal, ctx, sharePrice(model, await hitShare.get()), answer.usage);
  getMetrics().cacheRequests.inc({ result });
  const headers = {
    "x-request-id": ctx.requestId,
    "x-xrouter-cache": result,
    age: String(Math.max(0, Math.floor((Date.now() - answer.createdAt) / 1000))),
    "x-xrouter-provider": answer.provider,
    "x-xrouter-model": answer.model,
    "x-xrouter-attempts": "0",
    ...charged.limitHeaders,
  };
  recordRequest({
    id: ctx.requestId,
    userId: principal.userId,
    keyId: principal.keyId,
    endpoint: endpoint.name,
    model: answer.model,
    provider: answer.provider,
    upstreamModel: answer.upstreamModel,
    priceId: model.price.id,
    attempts: [],
    stream: endpoint.streams?.(req) ?? false,
    status: 200,
    finishReason: answer.finishReason,
    promptTokens: answer.usage.prompt_tokens,
    completionTokens: answer.usage.completion_tokens,
    cachedTokens: answer.usage.prompt_tokens_details?.cached_tokens ?? 0,
    costMicro: charged.costMicro,
    savedMicro: Math.max(0, costMicro(answer.usage, model.price) - charged.costMicro),
    cache: result,
    latencyMs: Date.now() - ctx.startedAt,
    firstTokenMs: Date.now() - ctx.startedAt,
    routeReason: found.similarity === undefined ? "cache hit" : `semantic cache hit (similarity ${found.similarity.toFixed(3)})`,
    appTitle: ctx.app?.title,
    appUrl: ctx.app?.url,
    createdAt: new Date(ctx.startedAt),
  });
  endpoint.cache!.replay({ req, ctx, sink, answer, headers }, charged.costMicro);
  return true;
}

/** A hit's charge at the shared price: reserved exactly (with the key's rate count) and marked before the answer. */
async function chargeHit(
  principal: Principal,
  ctx: RequestContext,
  model: CatalogModel,
  usage: TokenUsage,
): Promise<{ costMicro: number; limitHeaders: Record<string, string> }> {
  const rate = rpmCount(principal);
  let limitHeaders: Record<string, string> = {};
  if (costMicro(usage, model.price) === 0) {
    if (rate) limitHeaders = rpmHeaders(principal, await getStore().incr(rate.key, 1, rate.windowMs));
    return { costMicro: 0, limitHeaders };
  }
  const hold = await reserveWorstCase(ctx.requestId, principal, [model], () => usage, {
    reserve: async (input) => {
      const result = await admitRequest({ ...input, rate });
      if (rate) limitHeaders = rpmHeaders(principal, result.rateCount!);
      return result.hold!;
    },
  });
  const settled = hold.settle(usage, model);
  await settled.sent;
  return { costMicro: settled.costMicro, limitHeaders };
}

/**
 * After a complete, successful answer: keeps it for later hits (a broken, cut or failed answer is never kept), and
 * its last user message's embedding (from the lookup) when the semantic cache looked.
 */
export function keepCompleteAnswer<Req extends { model: string }, Answer>(
  endpoint: Endpoint<Req, Answer>,
  run: Run<Req>,
  done: Success<Answer>,
  outcome: Outcome,
): void {
  const keep = run.cache?.keep;
  if (!keep || !endpoint.cache || outcome.status !== 200 || outcome.failure || outcome.finishReason === "error") return;
  const { route } = done;
  const kept = keepAnswer(
    keep.slot,
    {
      model: route.model.id,
      provider: route.account.provider,
      upstreamModel: route.upstreamModel,
      priceId: route.model.price.id,
      usage: outcome.usage,
      finishReason: outcome.finishReason ?? null,
      createdAt: Date.now(),
      body: endpoint.cache.keep(run, done, outcome),
    },
    keep.ttlSeconds,
  );
  const semantic = keep.slot.semantic;
  if (kept && semantic) keepSemantic(semantic, keep.ttlSeconds);
}
