import { newId } from "../ids";
import { getLogger } from "../logging/logger";
import { chatRequestSchema, type ChatCompletionChunk, type ChatRequest, type Usage } from "../providers/openai";
import { failedRoute, runRoutes, type Attempt } from "../routing/execute";
import { planRoutes, type Needs, type Route } from "../routing/plan";
import { admit } from "./admission";
import { getCatalog, type CatalogModel } from "./catalog";
import { checkToolResults } from "./check-messages";
import { GatewayError, toGatewayError } from "./errors";
import type { Principal } from "./identify";
import { reserveWorstCase, worstCaseChat, type Hold } from "./meter";
import { recordRequest, type RequestRecord } from "./recorder";
import { sendJson, type ResponseSink } from "./sink";
import { SSE_HEADERS, writeDone, writeEvent } from "./sse";
import { withOpenAIChunkToolCallIds, withOpenAIToolCallIds } from "./tool-call-ids";
import { requestFailure } from "./request-failure";
import { validate } from "./validate";
import { routingSettings } from "../routing/settings";

export interface RequestContext {
  requestId: string;
  signal: AbortSignal;
  startedAt: number;
}

/** Response headers naming where the request ran and how the route was chosen. */
function routeHeaders(ctx: RequestContext, done: { route?: Route; attempts: Attempt[] }, reason: string, dropped: string[], extra: Record<string, string>) {
  return {
    "x-request-id": ctx.requestId,
    ...(done.route ? { "x-xrouter-provider": done.route.account.provider, "x-xrouter-model": done.route.model.id } : {}),
    "x-xrouter-attempts": String(done.attempts.length),
    "x-xrouter-route-reason": encodeURIComponent(reason),
    ...(dropped.length ? { "x-xrouter-dropped-params": dropped.join(",") } : {}),
    ...extra,
  };
}

/** Charges the usage on the hold at the answering model's price; returns it with `cost_rub` (XRouter's extension). */
async function settleUsage(hold: Hold, usage: Usage, model: CatalogModel) {
  const cost = await hold.settle(usage, model);
  return { usage: { ...usage, cost_rub: cost / 1_000_000 }, cost };
}

function baseRecord(ctx: RequestContext, principal: Principal, req: ChatRequest, reason: string): RequestRecord {
  return {
    id: ctx.requestId,
    userId: principal.userId,
    keyId: principal.keyId,
    endpoint: "chat.completions",
    model: req.model,
    stream: req.stream === true,
    status: 200,
    latencyMs: 0,
    routeReason: reason,
    createdAt: new Date(ctx.startedAt),
  };
}

/** The record fields of the route that answered. */
const routeRecord = (route: Route, attempts: Attempt[]) => ({
  model: route.model.id,
  provider: route.account.provider,
  upstreamModel: route.upstreamModel,
  priceId: route.model.price.id,
  attempts,
});

function chatNeeds(req: ChatRequest, worstPrompt: number): Needs {
  const format = req.response_format?.type;
  return {
    kind: "chat",
    tools: (req.tools?.length ?? 0) > 0,
    json: format === "json_object" || format === "json_schema",
    contextTokens: worstPrompt + (req.max_completion_tokens ?? req.max_tokens ?? 0),
  };
}

/** The request as providers see it: routing fields are XRouter's, not the upstream's. */
function upstreamRequest(req: ChatRequest, route: Route): ChatRequest {
  const { models: _models, provider: _provider, ...rest } = req;
  return { ...rest, model: route.upstreamModel };
}

/** Rough token count of text delivered before a stream broke (about 4 characters a token). */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** POST /chat/completions: validate, plan routes, hold the worst case, call, answer as OpenAI (JSON or SSE). */
export async function handleChat(body: unknown, principal: Principal, ctx: RequestContext, sink: ResponseSink): Promise<void> {
  const req = validate(chatRequestSchema, body);
  checkToolResults(req.messages);
  const plan = await planRoutes({
    model: req.model,
    models: req.models,
    preferences: req.provider,
    request: req,
    needs: chatNeeds(req, worstCaseChat(req).prompt_tokens),
    principal,
    catalog: await getCatalog(),
  });
  const { limitHeaders, hold, firstSlot } = await admit(principal, plan, () =>
    reserveWorstCase(ctx.requestId, principal, plan.routes.map((r) => r.model), (m) => worstCaseChat(req, m), {
      capCompletion: req.max_tokens == null && req.max_completion_tokens == null,
    }),
  );
  if (hold.cappedMaxTokens !== undefined) {
    req.max_tokens = hold.cappedMaxTokens;
    limitHeaders["x-xrouter-max-tokens-capped"] = String(hold.cappedMaxTokens);
  }
  const record = baseRecord(ctx, principal, req, plan.reason);
  const completionId = `chatcmpl-${ctx.requestId.slice(4)}`;

  const fail = async (err: unknown) => {
    hold.release();
    const error = requestFailure(err, ctx.signal);
    const { attempts, last } = failedRoute(plan, err);
    await recordRequest({
      ...record,
      ...(last ? routeRecord(last, attempts) : { attempts }),
      status: error.status,
      errorCode: error.code,
      latencyMs: Date.now() - ctx.startedAt,
    });
    return error.withHeaders(routeHeaders(ctx, { route: last, attempts }, plan.reason, [], limitHeaders));
  };

  if (!req.stream) {
    let done;
    try {
      done = await runRoutes(
        plan,
        ctx.signal,
        (route, signal) => route.account.adapter.chat(upstreamRequest(req, route), { requestId: ctx.requestId, signal }),
        firstSlot,
      );
    } catch (err) {
      throw await fail(err);
    }
    done.release();
    const { completion, dropped } = done.value;
    const { usage, cost } = await settleUsage(hold, completion.usage, done.route.model);
    sendJson(
      sink,
      200,
      { ...withOpenAIToolCallIds(completion), id: completionId, model: done.route.model.id, usage },
      routeHeaders(ctx, done, plan.reason, dropped, limitHeaders),
    );
    await recordRequest({
      ...record,
      ...routeRecord(done.route, done.attempts),
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
      costMicro: cost,
      finishReason: completion.choices[0]?.finish_reason,
      latencyMs: Date.now() - ctx.startedAt,
    });
    return;
  }

  let done;
  try {
    // A stream counts as answered once its first chunk has arrived: until then a failure can still fall back.
    done = await runRoutes(plan, ctx.signal, async (route, signal) => {
      const started = await route.account.adapter.chatStream(upstreamRequest(req, route), { requestId: ctx.requestId, signal });
      const iterator = started.chunks[Symbol.asyncIterator]();
      const first = await iterator.next();
      return { dropped: started.dropped, iterator, first };
    }, firstSlot);
  } catch (err) {
    throw await fail(err);
  }
  const { iterator, first, dropped } = done.value;
  sink.start(200, { ...SSE_HEADERS, ...routeHeaders(ctx, done, plan.reason, dropped, limitHeaders) });
  const chunks: AsyncIterable<ChatCompletionChunk> = {
    [Symbol.asyncIterator]: () => {
      let pending: IteratorResult<ChatCompletionChunk> | undefined = first;
      return {
        next: () => {
          if (!pending) return iterator.next();
          const result = pending;
          pending = undefined;
          return Promise.resolve(result);
        },
        return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
      };
    },
  };
  try {
    await pipeStream(chunks, {
      req,
      model: done.route.model,
      ctx,
      sink,
      record: { ...record, ...routeRecord(done.route, done.attempts) },
      completionId,
      hold,
      abortUpstream: done.abort,
    });
  } finally {
    done.release();
  }
}

interface StreamState {
  req: ChatRequest;
  model: CatalogModel;
  ctx: RequestContext;
  sink: ResponseSink;
  record: RequestRecord;
  completionId: string;
  hold: Hold;
  abortUpstream: (reason: unknown) => void;
}

/** How often a stream records what it has delivered (billed if the instance dies before the stream ends). */
const PROGRESS_MARK_MS = 1_000;

/** Usage of a stream that did not end with the upstream's own: the prompt plus what was delivered. */
const deliveredUsage = (req: ChatRequest, delivered: string, usage?: Usage): Usage => {
  const prompt = usage?.prompt_tokens ?? estimateTokens(JSON.stringify(req.messages));
  const completion = estimateTokens(delivered);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
};

async function pipeStream(chunks: AsyncIterable<ChatCompletionChunk>, s: StreamState): Promise<void> {
  let usage: Usage | undefined;
  let delivered = "";
  let finishReason: string | null = null;
  let firstTokenMs: number | undefined;
  let failure: ReturnType<typeof toGatewayError> | undefined;
  let lastMarkAt = 0;
  let stalled = false;
  // One timer for the whole stream, pushed back by every chunk.
  const idle = setTimeout(() => {
    stalled = true;
    s.abortUpstream(new Error("stream stalled"));
  }, routingSettings.streamIdleTimeoutMs);
  try {
    for await (const chunk of chunks) {
      idle.refresh();
      if (chunk.usage) usage = chunk.usage;
      if (chunk.choices.length === 0) continue;
      const now = Date.now();
      firstTokenMs ??= now - s.ctx.startedAt;
      for (const choice of chunk.choices) {
        delivered += (choice.delta.content ?? "") + (choice.delta.reasoning_content ?? "");
        for (const call of choice.delta.tool_calls ?? []) delivered += (call.function.name ?? "") + call.function.arguments;
        finishReason = choice.finish_reason ?? finishReason;
      }
      writeEvent(s.sink, { ...withOpenAIChunkToolCallIds(chunk), id: s.completionId, model: s.model.id, usage: undefined });
      if (now - lastMarkAt >= PROGRESS_MARK_MS) {
        lastMarkAt = now;
        s.hold.progress(deliveredUsage(s.req, delivered, usage), s.model);
      }
    }
  } catch (err) {
    if (stalled) {
      failure = new GatewayError(
        504,
        `upstream provider '${s.model.provider}' sent nothing for ${routingSettings.streamIdleTimeoutMs} ms; the stream was ended`,
        "upstream_error",
        "upstream_stream_stalled",
      );
      getLogger().warn({ model: s.model.id }, "upstream stream stalled after the response started");
    } else if (!s.ctx.signal.aborted) {
      failure = toGatewayError(err, s.model.provider);
      getLogger().warn({ err, model: s.model.id }, "upstream stream broke after the response started");
    }
  } finally {
    clearTimeout(idle);
  }

  const aborted = s.ctx.signal.aborted;
  // A broken or abandoned stream is billed for the prompt plus what was actually delivered;
  // one that ends before its first token is not billed at all.
  const nothingDelivered = firstTokenMs === undefined && (failure !== undefined || aborted);
  const finalUsage: Usage = nothingDelivered
    ? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }
    : usage && !failure && !aborted
      ? usage
      : deliveredUsage(s.req, delivered, usage);
  finalUsage.total_tokens ||= finalUsage.prompt_tokens + finalUsage.completion_tokens;
  if (nothingDelivered) s.hold.release();
  const priced = await settleUsage(s.hold, finalUsage, s.model);

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
