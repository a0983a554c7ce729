import { newId } from "../ids";
import { getLogger } from "../logging/logger";
import { chatRequestSchema, type ChatCompletion, type ChatCompletionChunk, type ChatRequest, type Usage } from "../providers/openai";
import type { CallContext } from "../providers/types";
import type { CatalogModel } from "./catalog";
import { checkToolResults } from "./check-messages";
import { badRequest, toGatewayError } from "./errors";
import type { Principal } from "./identify";
import { reserveWorstCase, worstCaseChat, type Hold } from "./meter";
import { enforceRpm } from "./rate-limit";
import { recordRequest, type RequestRecord } from "./recorder";
import { resolveModel } from "./resolve-model";
import { sendJson, type ResponseSink } from "./sink";
import { SSE_HEADERS, writeDone, writeEvent } from "./sse";
import { validate } from "./validate";

export interface RequestContext {
  requestId: string;
  signal: AbortSignal;
  startedAt: number;
}

function checkFeatures(req: ChatRequest, model: CatalogModel): void {
  if (req.tools?.length && !model.features.tools) throw badRequest(`model '${model.id}' does not support tools`, "tools", "unsupported_parameter");
  const format = req.response_format?.type;
  if ((format === "json_object" || format === "json_schema") && !model.features.json)
    throw badRequest(`model '${model.id}' does not support response_format ${format}`, "response_format", "unsupported_parameter");
}

function routeHeaders(ctx: RequestContext, model: CatalogModel, dropped: string[], extra: Record<string, string>) {
  return {
    "x-request-id": ctx.requestId,
    "x-xrouter-provider": model.provider,
    "x-xrouter-model": model.id,
    ...(dropped.length ? { "x-xrouter-dropped-params": dropped.join(",") } : {}),
    ...extra,
  };
}

/** Usage with its cost in RUB (the XRouter extension `cost_rub`). */
/** Books the usage on the hold and returns it with its cost in RUB (the XRouter extension `cost_rub`). */
function settleUsage(hold: Hold, usage: Usage) {
  const cost = hold.settle(usage);
  return { usage: { ...usage, cost_rub: cost / 1_000_000 }, cost };
}

function baseRecord(ctx: RequestContext, principal: Principal, model: CatalogModel, stream: boolean): RequestRecord {
  return {
    id: ctx.requestId,
    userId: principal.userId,
    keyId: principal.keyId,
    endpoint: "chat.completions",
    model: model.id,
    provider: model.provider,
    upstreamModel: model.upstreamModel,
    stream,
    priceId: model.price.id,
    status: 200,
    latencyMs: 0,
    createdAt: new Date(ctx.startedAt),
  };
}

/**
 * OpenAI tool call ids start with `call_`; ids an upstream minted its own way (vLLM: `chatcmpl-tool-…`) are
 * renamed deterministically, so every chunk of a stream agrees and the id the client sends back stays stable.
 */
const openAIToolCallId = (id: string) => (id.startsWith("call_") ? id : `call_${id.replace(/^chatcmpl-tool-/, "")}`);

function withOpenAIToolCallIds(completion: ChatCompletion): ChatCompletion {
  return {
    ...completion,
    choices: completion.choices.map((choice) =>
      choice.message.tool_calls
        ? {
            ...choice,
            message: {
              ...choice.message,
              tool_calls: choice.message.tool_calls.map((call) => ({ ...call, id: openAIToolCallId(call.id) })),
            },
          }
        : choice,
    ),
  };
}

function withOpenAIChunkToolCallIds(chunk: ChatCompletionChunk): ChatCompletionChunk {
  if (!chunk.choices.some((choice) => choice.delta.tool_calls?.some((call) => call.id))) return chunk;
  return {
    ...chunk,
    choices: chunk.choices.map((choice) => ({
      ...choice,
      delta: {
        ...choice.delta,
        tool_calls: choice.delta.tool_calls?.map((call) => (call.id ? { ...call, id: openAIToolCallId(call.id) } : call)),
      },
    })),
  };
}

/** Rough token count of text delivered before a stream broke (about 4 characters a token). */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** POST /chat/completions: validate, resolve, call the provider, answer as OpenAI (JSON or SSE). */
export async function handleChat(body: unknown, principal: Principal, ctx: RequestContext, sink: ResponseSink): Promise<void> {
  const req = validate(chatRequestSchema, body);
  checkToolResults(req.messages);
  const { model, provider } = await resolveModel(req.model, "chat", principal);
  checkFeatures(req, model);
  const limitHeaders = await enforceRpm(principal);
  const hold = await reserveWorstCase(ctx.requestId, principal, model, worstCaseChat(req, model));
  const upstreamReq: ChatRequest = { ...req, model: model.upstreamModel };
  const call: CallContext = { requestId: ctx.requestId, signal: ctx.signal };
  const record = baseRecord(ctx, principal, model, req.stream === true);
  const completionId = `chatcmpl-${ctx.requestId.slice(4)}`;

  if (!req.stream) {
    try {
      const { completion, dropped } = await provider.chat(upstreamReq, call);
      const { usage, cost } = settleUsage(hold, completion.usage);
      sendJson(sink, 200, { ...withOpenAIToolCallIds(completion), id: completionId, model: model.id, usage }, routeHeaders(ctx, model, dropped, limitHeaders));
      await recordRequest({
        ...record,
        promptTokens: usage.prompt_tokens,
        completionTokens: usage.completion_tokens,
        cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
        costMicro: cost,
        finishReason: completion.choices[0]?.finish_reason,
        latencyMs: Date.now() - ctx.startedAt,
      });
    } catch (err) {
      hold.release();
      const error = toGatewayError(err, model.provider);
      await recordRequest({ ...record, status: error.status, errorCode: error.code, latencyMs: Date.now() - ctx.startedAt });
      throw error.withHeaders(routeHeaders(ctx, model, [], limitHeaders));
    }
    return;
  }

  let started;
  try {
    started = await provider.chatStream(upstreamReq, call);
  } catch (err) {
    hold.release();
    const error = toGatewayError(err, model.provider);
    await recordRequest({ ...record, status: error.status, errorCode: error.code, latencyMs: Date.now() - ctx.startedAt });
    throw error.withHeaders(routeHeaders(ctx, model, [], limitHeaders));
  }
  sink.start(200, { ...SSE_HEADERS, ...routeHeaders(ctx, model, started.dropped, limitHeaders) });
  await pipeStream(started.chunks, { req, model, ctx, sink, record, completionId, hold });
}

interface StreamState {
  req: ChatRequest;
  model: CatalogModel;
  ctx: RequestContext;
  sink: ResponseSink;
  record: RequestRecord;
  completionId: string;
  hold: Hold;
}

async function pipeStream(chunks: AsyncIterable<ChatCompletionChunk>, s: StreamState): Promise<void> {
  let usage: Usage | undefined;
  let delivered = "";
  let finishReason: string | null = null;
  let firstTokenMs: number | undefined;
  let failure: ReturnType<typeof toGatewayError> | undefined;
  try {
    for await (const chunk of chunks) {
      if (chunk.usage) usage = chunk.usage;
      if (chunk.choices.length === 0) continue;
      firstTokenMs ??= Date.now() - s.ctx.startedAt;
      for (const choice of chunk.choices) {
        delivered += (choice.delta.content ?? "") + (choice.delta.reasoning_content ?? "");
        for (const call of choice.delta.tool_calls ?? []) delivered += (call.function.name ?? "") + call.function.arguments;
        finishReason = choice.finish_reason ?? finishReason;
      }
      writeEvent(s.sink, { ...withOpenAIChunkToolCallIds(chunk), id: s.completionId, model: s.model.id, usage: undefined });
    }
  } catch (err) {
    if (!s.ctx.signal.aborted) {
      failure = toGatewayError(err, s.model.provider);
      getLogger().warn({ err, model: s.model.id }, "upstream stream broke after the response started");
    }
  }

  const aborted = s.ctx.signal.aborted;
  // A broken or abandoned stream is billed for the prompt plus what was actually delivered;
  // one that ends before its first token is not billed at all.
  const nothingDelivered = firstTokenMs === undefined && (failure !== undefined || aborted);
  const finalUsage: Usage = nothingDelivered
    ? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }
    : usage && !failure && !aborted
      ? usage
      : {
          prompt_tokens: usage?.prompt_tokens ?? estimateTokens(JSON.stringify(s.req.messages)),
          completion_tokens: estimateTokens(delivered),
          total_tokens: 0,
        };
  finalUsage.total_tokens ||= finalUsage.prompt_tokens + finalUsage.completion_tokens;
  if (nothingDelivered) s.hold.release();
  const priced = settleUsage(s.hold, finalUsage);

  if (!aborted) {
    if (failure) {
      writeEvent(s.sink, {
        id: s.completionId,
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: s.model.id,
        choices: [{ index: 0, delta: {}, finish_reason: "error" }],
      });
      writeEvent(s.sink, failure.toBody());
    } else {
      if (s.req.stream_options?.include_usage) {
        writeEvent(s.sink, {
          id: s.completionId,
          object: "chat.completion.chunk",
          created: Math.floor(Date.now() / 1000),
          model: s.model.id,
          choices: [],
          usage: priced.usage,
        });
      }
      writeDone(s.sink);
    }
    s.sink.end();
  }

  await recordRequest({
    ...s.record,
    status: aborted ? 499 : failure ? failure.status : 200,
    errorCode: aborted ? "client_closed_request" : (failure?.code ?? null),
    finishReason: failure ? "error" : finishReason,
    promptTokens: finalUsage.prompt_tokens,
    completionTokens: finalUsage.completion_tokens,
    cachedTokens: finalUsage.prompt_tokens_details?.cached_tokens ?? 0,
    costMicro: priced.cost,
    latencyMs: Date.now() - s.ctx.startedAt,
    firstTokenMs,
  });
}

export const newRequestId = () => newId("req");
