import { z } from "zod";
import { embeddingsRequestSchema } from "../providers/openai";
import type { RequestContext } from "./chat";
import { reserveWorstCase, worstCaseEmbeddings } from "./meter";
import { requestFailure } from "./request-failure";
import type { Principal } from "./identify";
import { admit } from "./admission";
import { recordRequest } from "./recorder";
import { failedRoute, runRoutes } from "../routing/execute";
import { planRoutes } from "../routing/plan";
import { getCatalog } from "./catalog";
import { sendJson, type ResponseSink } from "./sink";
import { validate } from "./validate";

/**
 * The official SDKs ask for `encoding_format: "base64"` by default (and decode it), so it is accepted here:
 * the vector as little-endian float32 bytes in base64, as OpenAI sends it.
 */
const requestSchema = embeddingsRequestSchema.extend({ encoding_format: z.enum(["float", "base64"]).optional() });

const encodeVector = (vector: number[], format: "float" | "base64" | undefined): number[] | string =>
  format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;

/** POST /embeddings: one OpenAI response whatever fan-out the provider needs, routed like chat. */
export async function handleEmbeddings(body: unknown, principal: Principal, ctx: RequestContext, sink: ResponseSink): Promise<void> {
  const req = validate(requestSchema, body);
  const inputs = typeof req.input === "string" ? [req.input] : req.input;
  const plan = await planRoutes({
    model: req.model,
    needs: { kind: "embedding", tools: false, json: false, contextTokens: 0 },
    principal,
    catalog: await getCatalog(),
  });
  const { limitHeaders, hold, firstSlot } = await admit(principal, plan, () =>
    reserveWorstCase(ctx.requestId, principal, plan.routes.map((r) => r.model), () => worstCaseEmbeddings(inputs)),
  );
  const record = {
    id: ctx.requestId,
    userId: principal.userId,
    keyId: principal.keyId,
    endpoint: "embeddings",
    model: req.model,
    routeReason: plan.reason,
    createdAt: new Date(ctx.startedAt),
  };
  let done;
  try {
    done = await runRoutes(
      plan,
      ctx.signal,
      (route, signal) => route.account.adapter.embeddings(route.upstreamModel, inputs, { requestId: ctx.requestId, signal }),
      firstSlot,
    );
  } catch (err) {
    hold.release();
    const error = requestFailure(err, ctx.signal);
    const { attempts, last } = failedRoute(plan, err);
    await recordRequest({ ...record, attempts, status: error.status, errorCode: error.code, latencyMs: Date.now() - ctx.startedAt });
    throw error.withHeaders({
      "x-request-id": ctx.requestId,
      ...(last ? { "x-xrouter-provider": last.account.provider, "x-xrouter-model": last.model.id } : {}),
      ...limitHeaders,
    });
  }
  done.release();
  const { route, value: result } = done;
  const cost = await hold.settle({ prompt_tokens: result.promptTokens, completion_tokens: 0 }, route.model);
  sendJson(
    sink,
    200,
    {
      object: "list",
      data: result.vectors.map((vector, index) => ({ object: "embedding", index, embedding: encodeVector(vector, req.encoding_format) })),
      model: route.model.id,
      usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens, cost_rub: cost / 1_000_000 },
    },
    {
      "x-request-id": ctx.requestId,
      "x-xrouter-provider": route.account.provider,
      "x-xrouter-model": route.model.id,
      "x-xrouter-attempts": String(done.attempts.length),
      ...limitHeaders,
    },
  );
  await recordRequest({
    ...record,
    model: route.model.id,
    provider: route.account.provider,
    upstreamModel: route.upstreamModel,
    priceId: route.model.price.id,
    attempts: done.attempts,
    status: 200,
    promptTokens: result.promptTokens,
    costMicro: cost,
    latencyMs: Date.now() - ctx.startedAt,
  });
}
