import { z } from "zod";
import { embeddingsRequestSchema } from "../providers/openai";
import type { RequestContext } from "./chat";
import { reserveWorstCase, worstCaseEmbeddings } from "./meter";
import { toGatewayError } from "./errors";
import type { Principal } from "./identify";
import { enforceRpm } from "./rate-limit";
import { recordRequest } from "./recorder";
import { resolveModel } from "./resolve-model";
import { sendJson, type ResponseSink } from "./sink";
import { validate } from "./validate";

/**
 * The official SDKs ask for `encoding_format: "base64"` by default (and decode it), so it is accepted here:
 * the vector as little-endian float32 bytes in base64, as OpenAI sends it.
 */
const requestSchema = embeddingsRequestSchema.extend({ encoding_format: z.enum(["float", "base64"]).optional() });

const encodeVector = (vector: number[], format: "float" | "base64" | undefined): number[] | string =>
  format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;

/** POST /embeddings: one OpenAI response whatever fan-out the provider needs. */
export async function handleEmbeddings(body: unknown, principal: Principal, ctx: RequestContext, sink: ResponseSink): Promise<void> {
  const req = validate(requestSchema, body);
  const { model, provider } = await resolveModel(req.model, "embedding", principal);
  const limitHeaders = await enforceRpm(principal);
  const inputs = typeof req.input === "string" ? [req.input] : req.input;
  const hold = await reserveWorstCase(ctx.requestId, principal, model, worstCaseEmbeddings(inputs));
  const record = {
    id: ctx.requestId,
    userId: principal.userId,
    keyId: principal.keyId,
    endpoint: "embeddings",
    model: model.id,
    provider: model.provider,
    upstreamModel: model.upstreamModel,
    priceId: model.price.id,
    createdAt: new Date(ctx.startedAt),
  };
  try {
    const result = await provider.embeddings(model.upstreamModel, inputs, { requestId: ctx.requestId, signal: ctx.signal });
    const usage = { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens };
    const cost = hold.settle({ prompt_tokens: result.promptTokens, completion_tokens: 0 });
    sendJson(
      sink,
      200,
      {
        object: "list",
        data: result.vectors.map((vector, index) => ({
          object: "embedding",
          index,
          embedding: encodeVector(vector, req.encoding_format),
        })),
        model: model.id,
        usage: { ...usage, cost_rub: cost / 1_000_000 },
      },
      { "x-request-id": ctx.requestId, "x-xrouter-provider": model.provider, "x-xrouter-model": model.id, ...limitHeaders },
    );
    await recordRequest({ ...record, status: 200, promptTokens: result.promptTokens, costMicro: cost, latencyMs: Date.now() - ctx.startedAt });
  } catch (err) {
    hold.release();
    const error = toGatewayError(err, model.provider);
    await recordRequest({ ...record, status: error.status, errorCode: error.code, latencyMs: Date.now() - ctx.startedAt });
    throw error.withHeaders({ "x-xrouter-provider": model.provider, "x-xrouter-model": model.id, ...limitHeaders });
  }
}
