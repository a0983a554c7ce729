import { z } from "zod";
import { worstCaseChat } from "../billing/hold";
import { chatRequestSchema, type ChatCompletion, type ChatCompletionChunk, type ChatRequest, type Usage } from "../providers/openai";
import type { CallContext } from "../providers/types";
import { unforwardedSessionFields } from "../routing/capabilities";
import type { Route } from "../routing/plan";
import { sessionIdSchema } from "../routing/session-affinity";
import { checkToolChoice, checkToolResults } from "./check-messages";
import { chatImageParts, checkImages } from "./vision";
import { droppedParams, ignoredFields, noticingUnknownFields } from "./ignored-fields";
import type { Endpoint } from "./pipeline/endpoint";
import { relayChatStream } from "./pipeline/relay-chat-stream";
import { routeHeaders } from "./pipeline/route-headers";
import { chunkWithoutReasoning, completionWithoutReasoning, effortSchema, providerEffort, reasoningEffort, reasoningSchema } from "./reasoning";
import { assembleCompletion, completionChunks } from "./cache/completion-chunks";
import type { RequestContext } from "./pipeline/context";
import { sendJson, type ResponseSink } from "./sink";
import { SSE_HEADERS, writeDone, writeEvent } from "./sse";
import { withOpenAIChunkToolCallIds, withOpenAIToolCallIds } from "./tool-call-ids";

/** A whole completion, or a stream whose first chunk has arrived (until then a failure can still fall back). */
export type ChatAnswer =
  | { dropped: string[]; completion: ChatCompletion }
  | { dropped: string[]; iterator: AsyncIterator<ChatCompletionChunk>; first: IteratorResult<ChatCompletionChunk> };

/** One attempt of a chat request (already in the provider's terms) on a route: every API that answers from chat calls it. */
export async function callChat(upstream: ChatRequest, route: Route, call: CallContext): Promise<ChatAnswer> {
  if (route.affinity) call = { ...call, session: route.affinity };
  if (!upstream.stream) return route.account.adapter.chat(upstream, call);
  const started = await route.account.adapter.chatStream(upstream, call);
  const iterator = started.chunks[Symbol.asyncIterator]();
  return { dropped: started.dropped, iterator, first: await iterator.next() };
}

/**
 * OpenAI's request plus OpenRouter's `reasoning`, `include_reasoning` (its older "exclude: false") and
 * `usage: {include}` (usage is always in a JSON answer; in a stream it asks for the final usage chunk), and the
 * conversation id for prompt-cache affinity: OpenAI's `prompt_cache_key` or OpenRouter's `session_id`. Other
 * fields are accepted, ignored and named in `x-xrouter-dropped-params`.
 */
const requestSchema = noticingUnknownFields(
  chatRequestSchema.extend({
    reasoning: reasoningSchema.nullable().optional(),
    // OpenAI's six levels, as the four the adapters map.
    reasoning_effort: effortSchema
      .nullable()
      .transform((effort) => (effort === null ? null : providerEffort(effort)))
      .optional(),
    include_reasoning: z.boolean().nullable().optional(),
    usage: z.object({ include: z.boolean().optional() }).nullable().optional(),
    prompt_cache_key: sessionIdSchema.nullable().optional(),
    session_id: sessionIdSchema.nullable().optional(),
  }),
);
type ChatCompletionsRequest = z.output<typeof requestSchema>;

/** The request as providers see it: routing and OpenRouter fields are XRouter's, `reasoning` becomes `reasoning_effort`. */
function upstreamRequest(req: ChatCompletionsRequest, route: Route): ChatRequest {
  const {
    models: _models,
    provider: _provider,
    reasoning,
    include_reasoning: _include,
    usage: _usage,
    prompt_cache_key: _cacheKey,
    session_id: _session,
    ...rest
  } = req;
  return { ...rest, model: route.upstreamModel, reasoning_effort: reasoningEffort(reasoning) ?? rest.reasoning_effort };
}

const excludesReasoning = (req: ChatCompletionsRequest) => req.reasoning?.exclude === true || req.include_reasoning === false;

/** What XRouter left out: the request's unknown fields, then what the provider could not honour. */
function dropped(req: ChatCompletionsRequest, byProvider: string[], route: Route): string[] {
  // `reasoning` maps onto reasoning_effort: a provider without that switch did not honour it either.
  const reasoning = req.reasoning && byProvider.includes("reasoning_effort") ? ["reasoning"] : [];
  // The conversation id routed the request either way; only a provider with a session header receives it.
  const sessions = unforwardedSessionFields(route.account.provider, { prompt_cache_key: req.prompt_cache_key, session_id: req.session_id });
  return droppedParams(ignoredFields(req), byProvider, reasoning, sessions);
}

const completionId = (ctx: RequestContext) => `chatcmpl-${ctx.requestId.slice(4)}`;

/** The usage as answered: with `cost_rub` (XRouter's extension) and OpenRouter's `cost`, the same rubles. */
const pricedUsage = (usage: Usage, costMicro: number) => ({ ...usage, cost: costMicro / 1_000_000, cost_rub: costMicro / 1_000_000 });

/** POST /chat/completions: routed with fallbacks, answered as OpenAI (JSON or SSE). */
export const chatEndpoint: Endpoint<ChatCompletionsRequest, ChatAnswer> = {
  name: "chat.completions",
  schema: requestSchema,
  check(req) {
    checkToolResults(req.messages);
    checkToolChoice(req);
    checkImages(chatImageParts(req.messages));
  },
  planInput(req, principal, catalog) {
    const format = req.response_format?.type;
    return {
      model: req.model,
      models: req.models,
      preferences: req.provider,
      request: req,
      needs: {
        kind: "chat",
        tools: (req.tools?.length ?? 0) > 0,
        json: format === "json_object" || format === "json_schema",
        contextTokens: worstCaseChat(req).prompt_tokens + (req.max_completion_tokens ?? req.max_tokens ?? 0),
        imageParam: chatImageParts(req.messages)[0]?.param,
      },
      principal,
      catalog,
      session: req.prompt_cache_key ?? req.session_id ?? undefined,
    };
  },
  worstCase: (req, model) => worstCaseChat(req, model),
  capCompletion: (req) => req.max_tokens == null && req.max_completion_tokens == null,
  applyCap(req, maxTokens) {
    req.max_tokens = maxTokens;
  },
  streams: (req) => req.stream === true,

  call: (req, route, call) => callChat(upstreamRequest(req, route), route, call),

  async deliver(run, done) {
    const answer = done.value;
    if ("completion" in answer) {
      return { usage: answer.completion.usage, status: 200, finishReason: answer.completion.choices[0]?.finish_reason };
    }
    run.sink.start(200, { ...SSE_HEADERS, ...routeHeaders(run, done.route, done.attempts, dropped(run.req, answer.dropped, done.route)) });
    const id = completionId(run.ctx);
    const model = done.route.model.id;
    const exclude = excludesReasoning(run.req);
    return relayChatStream(run, run.req, done, answer.iterator, answer.first, (chunk) => {
      const shown = exclude ? chunkWithoutReasoning(chunk) : chunk;
      if (shown) writeEvent(run.sink, { ...withOpenAIChunkToolCallIds(shown), id, model, usage: undefined });
    });
  },

  complete(run, done, outcome, costMicro) {
    const answer = done.value;
    if ("completion" in answer) {
      const completion = excludesReasoning(run.req) ? completionWithoutReasoning(answer.completion) : answer.completion;
      sendJson(
        run.sink,
        200,
        { ...withOpenAIToolCallIds(completion), id: completionId(run.ctx), model: done.route.model.id, usage: pricedUsage(outcome.usage, costMicro) },
        routeHeaders(run, done.route, done.attempts, dropped(run.req, answer.dropped, done.route)),
      );
      return;
    }
    if (outcome.status === 499) return;
    const id = completionId(run.ctx);
    const model = done.route.model.id;
    if (outcome.status !== 200) {
      writeEvent(run.sink, { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta: {}, finish_reason: "error" }] });
      writeEvent(run.sink, outcome.failure!.toBody());
    } else {
      finishStream(run.sink, run.req, id, model, pricedUsage(outcome.usage, costMicro));
    }
    run.sink.end();
  },

  cache: {
    keep: (run, done, outcome) =>
      "completion" in done.value ? done.value.completion : assembleCompletion(run.cache?.chunks ?? [], { ...outcome.usage }),
    replay({ req, ctx, sink, answer, headers }, costMicro) {
      const stored = answer.body as ChatCompletion;
      const completion = excludesReasoning(req) ? completionWithoutReasoning(stored) : stored;
      const id = completionId(ctx);
      const usage = pricedUsage(answer.usage, costMicro);
      const ignored = ignoredFields(req);
      if (ignored.length) headers["x-xrouter-dropped-params"] = ignored.join(",");
      if (!req.stream) {
        sendJson(sink, 200, { ...withOpenAIToolCallIds(completion), id, created: Math.floor(Date.now() / 1000), model: answer.model, usage }, headers);
        return;
      }
      sink.start(200, { ...SSE_HEADERS, ...headers });
      for (const chunk of completionChunks(completion, id, answer.model)) writeEvent(sink, withOpenAIChunkToolCallIds(chunk));
      finishStream(sink, req, id, answer.model, usage);
      sink.end();
    },
  },
};

/** A stream's last events after its content: the usage chunk when the caller asked for it, then `[DONE]`. */
function finishStream(sink: ResponseSink, req: ChatCompletionsRequest, id: string, model: string, usage: ReturnType<typeof pricedUsage>): void {
  if (req.stream_options?.include_usage || req.usage?.include) {
    writeEvent(sink, { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [], usage });
  }
  writeDone(sink);
}
