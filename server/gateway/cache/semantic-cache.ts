import { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { getDb } from "../../db";
import { getLogger } from "../../logging/logger";
import type { RequestContext } from "../pipeline/context";
import type { CacheScope } from "./cache-key";
import { lookupAnswer, type FoundAnswer } from "./response-cache";
import { embedForCache } from "./semantic-embed";
import { semanticQuery } from "./semantic-query";
import { semanticModel } from "./semantic-model";
import { semanticSearch } from "./semantic-search";
import { keepSemanticEntry, type SemanticSlot } from "./semantic-store";

/** Where the exact lookup missed: the request's namespace, its versions and its exact key hash. */
export interface ExactMiss {
  scope: CacheScope;
  versions: string;
  hash: string;
}

/**
 * The semantic stage, after an exact miss of a key with the semantic cache on (docs/api/cache.md): embeds the
 * request's last user message, compares it with the embeddings of the answers kept in the same namespace for
 * requests equal in everything else (the bucket), and finds the most similar at or above the key's threshold.
 * `slot` (set once the message is embedded) is where the answer's embedding is kept on a miss: the lookup's
 * embedding is reused, never computed twice. Never throws: any failure (embedding, database) is a plain miss.
 */
export async function lookupSemantic(
  endpoint: string,
  req: object,
  principal: Principal,
  ctx: RequestContext,
  miss: ExactMiss,
): Promise<{ slot?: SemanticSlot; hit?: FoundAnswer }> {
  const settings = principal.cache;
  const query = settings?.semantic ? semanticQuery(endpoint, req) : undefined;
  if (!settings || !query) return {};
  try {
    const model = await semanticModel(settings);
    if (!model) return {};
    const embedding = await embedForCache(model, query.text, principal, ctx);
    const slot: SemanticSlot = { userId: principal.userId, scope: miss.scope.prefix, versions: miss.versions, bucket: query.bucket, model, embedding, answerHash: miss.hash };
    const best = await (await semanticSearch()).nearest(await getDb(), slot, embedding, settings.semanticThreshold);
    if (!best) return { slot };
    const found = await lookupAnswer(miss.scope, best.answerHash);
    // A purge between the two reads hides the answer as it hid the row.
    if (!found.answer || found.versions !== miss.versions) return { slot };
    return { slot, hit: { answer: found.answer, result: "semantic-hit", similarity: best.similarity } };
  } catch (err) {
    getLogger().warn({ reason: failureReason(err) }, "the semantic cache lookup failed; the request runs as a miss");
    return {};
  }
}

/** Keeps a kept answer's embedding row, off the hot path (a failure is logged: the exact cache still has the answer). */
export function keepSemantic(slot: SemanticSlot, ttlSeconds: number): void {
  keepSemanticEntry(slot, ttlSeconds).catch((err: unknown) =>
    getLogger().warn({ reason: failureReason(err) }, "could not keep an answer's embedding in the semantic cache"),
  );
}

/** What failed, without the query text and parameters a database error carries (the message's embedding among them). */
function failureReason(err: unknown): string {
  if (err instanceof GatewayError) return `${err.status} ${err.code ?? err.type}: ${err.message}`;
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
