import { worstCaseChat } from "../billing/hold";
import { chatRequestSchema, type ChatCompletion, type ChatCompletionChunk, type ChatRequest, type Usage } from "../providers/openai";
import type { Route } from "../routing/plan";
import { checkToolResults } from "./check-messages";
import type { Endpoint, Run } from "./pipeline/endpoint";
import { relayChatStream } from "./pipeline/relay-chat-stream";
import { routeHeaders } from "./pipeline/route-headers";
import { sendJson } from "./sink";
import { SSE_HEADERS, writeDone, writeEvent } from "./sse";
import { withOpenAIChunkToolCallIds, withOpenAIToolCallIds } from "./tool-call-ids";

/** A whole completion, or a stream whose first chunk has arrived (until then a failure can still fall back). */
type ChatAnswer =
  | { dropped: string[]; completion: ChatCompletion }
  | { dropped: string[]; iterator: AsyncIterator<ChatCompletionChunk>; first: IteratorResult<ChatCompletionChunk> };

/** The request as providers see it: routing fields are XRouter's, not the upstream's. */
function upstreamRequest(req: ChatRequest, route: Route): ChatRequest {
  const { models: _models, provider: _provider, ...rest } = req;
  return { ...rest, model: route.upstreamModel };
}

const completionId = (run: Run<ChatRequest>) => `chatcmpl-${run.ctx.requestId.slice(4)}`;

/** The usage as answered: with `cost_rub` (XRouter's extension). */
const pricedUsage = (usage: Usage, costMicro: number) => ({ ...usage, cost_rub: costMicro / 1_000_000 });

/** POST /chat/completions: routed with fallbacks, answered as OpenAI (JSON or SSE). */
export const chatEndpoint: Endpoint<ChatRequest, ChatAnswer> = {
  name: "chat.completions",
  schema: chatRequestSchema,
  check: (req) => checkToolResults(req.messages),
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
      },
      principal,
      catalog,
    };
  },
  worstCase: (req, model) => worstCaseChat(req, model),
  capCompletion: (req) => req.max_tokens == null && req.max_completion_tokens == null,
  applyCap(req, maxTokens) {
    req.max_tokens = maxTokens;
  },
  streams: (req) => req.stream === true,

  async call(req, route, call) {
    if (!req.stream) return route.account.adapter.chat(upstreamRequest(req, route), call);
    const started = await route.account.adapter.chatStream(upstreamRequest(req, route), call);
    const iterator = started.chunks[Symbol.asyncIterator]();
    return { dropped: started.dropped, iterator, first: await iterator.next() };
  },

  async deliver(run, done) {
    const answer = done.value;
    if ("completion" in answer) {
      return { usage: answer.completion.usage, status: 200, finishReason: answer.completion.choices[0]?.finish_reason };
    }
    run.sink.start(200, { ...SSE_HEADERS, ...routeHeaders(run, done.route, done.attempts, answer.dropped) });
    const id = completionId(run);
    const model = done.route.model.id;
    return relayChatStream(run, run.req.messages, done, answer.iterator, answer.first, (chunk) =>
      writeEvent(run.sink, { ...withOpenAIChunkToolCallIds(chunk), id, model, usage: undefined }),
    );
  },

  complete(run, done, outcome, costMicro) {
    const answer = done.value;
    if ("completion" in answer) {
      sendJson(
        run.sink,
        200,
        { ...withOpenAIToolCallIds(answer.completion), id: completionId(run), model: done.route.model.id, usage: pricedUsage(outcome.usage, costMicro) },
        routeHeaders(run, done.route, done.attempts, answer.dropped),
      );
      return;
    }
    if (outcome.status === 499) return;
    const id = completionId(run);
    const model = done.route.model.id;
    if (outcome.status !== 200) {
      writeEvent(run.sink, { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta: {}, finish_reason: "error" }] });
      writeEvent(run.sink, outcome.failure!.toBody());
    } else {
      if (run.req.stream_options?.include_usage) {
        writeEvent(run.sink, {
          id,
          object: "chat.completion.chunk",
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [],
          usage: pricedUsage(outcome.usage, costMicro),
        });
      }
      writeDone(run.sink);
    }
    run.sink.end();
  },
};
