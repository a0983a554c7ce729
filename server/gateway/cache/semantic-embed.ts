import { toGatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { observeRequest } from "../../metrics/observe-request";
import { runRoutes, type Attempt } from "../../routing/execute";
import { embeddingsEndpoint } from "../embeddings";
import type { RequestContext } from "../pipeline/context";
import { planRequest } from "../pipeline/plan";

/** The semantic lookup gives up on its embedding after this long (the request then runs as a plain miss). */
export const SEMANTIC_EMBED_TIMEOUT_MS = 3_000;

/** What the embedding calls count as in the metrics' `endpoint` label. */
export const SEMANTIC_EMBED_ENDPOINT = "cache.semantic-embeddings";

/**
 * Embeds one text for the semantic cache through the gateway's own provider path: planned and routed as
 * POST /embeddings is (routing rules, fallbacks, breakers, concurrency slots), called with the endpoint's own
 * adapter call. It is the cache's internal cost: not billed to the user and not a row of the requests log, only
 * counted in the metrics (requests, tokens and upstream attempts under SEMANTIC_EMBED_ENDPOINT). The key's model
 * allow-list does not apply (the gateway calls, not the key); its routing rules do (they decide where text goes).
 * Throws on any failure: the caller falls through to a plain miss.
 */
export async function embedForCache(model: string, text: string, principal: Principal, ctx: RequestContext): Promise<number[]> {
  const req = embeddingsEndpoint.schema.parse({ model, input: text });
  const plan = await planRequest(embeddingsEndpoint, req, { ...principal, allowedModels: null }, {});
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, SEMANTIC_EMBED_TIMEOUT_MS);
  ctx.signal.addEventListener("abort", abort, { once: true });
  const started = Date.now();
  const observe = (status: number, attempts: Attempt[], provider?: string, promptTokens = 0) =>
    observeRequest({ id: ctx.requestId, userId: principal.userId, endpoint: SEMANTIC_EMBED_ENDPOINT, model, provider, status, attempts, promptTokens, latencyMs: Date.now() - started });
  let done;
  try {
    done = await runRoutes(plan, controller.signal, (route, signal) => embeddingsEndpoint.call(req, route, { requestId: ctx.requestId, signal }));
  } catch (err) {
    observe(toGatewayError(err).status, (err as { attempts?: Attempt[] }).attempts ?? []);
    throw err;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", abort);
  }
  done.release();
  observe(200, done.attempts, done.route.account.provider, done.value.promptTokens);
  const vector = done.value.vectors[0];
  // A NaN or infinity would fail pgvector's comparison (and echo the vector in the error) or poison the bucket.
  if (!vector?.length || !vector.every(Number.isFinite)) throw new Error("the embedding model answered no usable vector");
  return vector;
}
