import { getCatalog } from "../../core/catalog";
import type { Principal } from "../../core/principal";
import { planRoutes } from "../../routing/plan";
import type { RequestContext } from "../pipeline/context";
import { sendJson, type ResponseSink } from "../sink";
import { validate } from "../validate";
import { checkToolResults, countTokensCallSchema, estimatedInputTokens, messagesPlanInput } from "./endpoint";

/**
 * POST /messages/count_tokens: `{"input_tokens": N}` for a Messages body (max_tokens optional). The model is planned
 * as for /messages (an unknown or forbidden model answers as there), but no provider is called: no adapter exposes
 * a token counter yet, so the count is XRouter's estimate, said so in `x-xrouter-token-count`. Nothing is held,
 * charged or recorded: the answer costs no provider call.
 */
export async function countTokens(body: unknown, principal: Principal, ctx: RequestContext, sink: ResponseSink): Promise<void> {
  const req = validate(countTokensCallSchema, body);
  checkToolResults(req);
  const plan = await planRoutes(messagesPlanInput(req, principal, await getCatalog()));
  const headers: Record<string, string> = {
    "x-request-id": ctx.requestId,
    "x-xrouter-model": plan.routes[0]!.model.id,
    "x-xrouter-token-count": "estimate",
  };
  if (req.dropped.length) headers["x-xrouter-dropped-params"] = req.dropped.join(",");
  sendJson(sink, 200, { input_tokens: estimatedInputTokens(req.chat) }, headers);
}
