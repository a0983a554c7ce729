import { getCatalog } from "../../core/catalog";
import type { Principal } from "../../core/principal";
import { getLogger, scrubSecrets } from "../../logging/logger";
import type { ChatRequest } from "../../providers/openai";
import { planRoutes, type Route } from "../../routing/plan";
import type { RequestContext } from "../pipeline/context";
import { sendJson, type ResponseSink } from "../sink";
import { validate } from "../validate";
import { checkToolResults, countTokensCallSchema, estimatedInputTokens, messagesPlanInput } from "./endpoint";

/** A counter slower than this is given up on: the estimate answers instead. */
const PROVIDER_COUNT_TIMEOUT_MS = 10_000;

/** The first route's provider counter, or undefined when it has none for the model or it failed (logged). */
async function providerCount(route: Route, chat: ChatRequest, ctx: RequestContext): Promise<number | undefined> {
  const { adapter } = route.account;
  if (!adapter.countTokens) return undefined;
  try {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(PROVIDER_COUNT_TIMEOUT_MS)]);
    return await adapter.countTokens({ ...chat, model: route.upstreamModel }, { requestId: ctx.requestId, signal });
  } catch (err) {
    const detail = scrubSecrets(err instanceof Error ? err.message : String(err));
    getLogger().warn(
      { provider: route.account.provider, model: route.model.id, detail },
      "provider token counter failed; answering the estimate",
    );
    return undefined;
  }
}

/**
 * POST /messages/count_tokens: `{"input_tokens": N}` for a Messages body (max_tokens optional). The model is planned
 * as for /messages (an unknown or forbidden model answers as there). The first planned route's provider counts when
 * its adapter has a counter for the model (`x-xrouter-token-count: provider`, and `x-xrouter-provider`); otherwise,
 * or when that counter fails, the count is XRouter's estimate (`x-xrouter-token-count: estimate`). Counting is free
 * upstream, so nothing is held, charged or recorded.
 */
export async function countTokens(
  body: unknown,
  principal: Principal,
  ctx: RequestContext,
  sink: ResponseSink,
): Promise<void> {
  const req = validate(countTokensCallSchema, body);
  checkToolResults(req);
  const plan = await planRoutes(messagesPlanInput(req, principal, await getCatalog()));
  const route = plan.routes[0]!;
  const counted = await providerCount(route, req.chat, ctx);
  const headers: Record<string, string> = {
    "x-request-id": ctx.requestId,
    "x-xrouter-model": route.model.id,
    "x-xrouter-token-count": counted === undefined ? "estimate" : "provider",
  };
  if (counted !== undefined) headers["x-xrouter-provider"] = route.account.provider;
  if (req.dropped.length) headers["x-xrouter-dropped-params"] = req.dropped.join(",");
  sendJson(sink, 200, { input_tokens: counted ?? estimatedInputTokens(req.chat) }, headers);
}
