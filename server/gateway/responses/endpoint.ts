import { getLogger } from "../../logging/logger";
import { chatEndpoint, type ChatAnswer } from "../chat";
import { checkToolChoice } from "../check-messages";
import type { Endpoint, Run } from "../pipeline/endpoint";
import { checkedSession } from "../pipeline/plan";
import { relayChatStream } from "../pipeline/relay-chat-stream";
import { routeHeaders } from "../pipeline/route-headers";
import { sendJson, type ResponseSink } from "../sink";
import { SSE_HEADERS } from "../sse";
import { withOpenAIChunkToolCallIds, withOpenAIToolCallIds } from "../tool-call-ids";
import { checkImages } from "../vision";
import { unforwardedSessionFields } from "../../routing/capabilities";
import type { Success } from "../../routing/execute";
import { ResponseEventStream, type EventWriter } from "./events";
import { completionOutput, endStatus, responseFrame, responseIdOf, responseUsage, storesResponse, type ResponseObject } from "./response-object";
import { responsesRequestSchema } from "./schema";
import { responsesParamName, toResponsesCall, type ConversationItem, type Prior, type ResponsesCall } from "./translate-request";

/** The chat answer the providers give (Responses calls them exactly as chat completions does), with a stream's events. */
type ResponsesAnswer = ChatAnswer & { events?: ResponseEventStream };

/**
 * Keeps a finished response with its request's own input items and the whole conversation that led to it (the
 * stored responses are a service's: it keeps what it needs of the two).
 */
export type KeepResponse = (response: ResponseObject, conversation: { own: ConversationItem[]; whole: ConversationItem[] }, userId: string) => Promise<void>;

/** SSE framing as OpenAI sends Responses events: `event: <type>` and `data: <json>`. */
export const sseEventWriter =
  (sink: ResponseSink): EventWriter =>
  (event) =>
    sink.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);

/** How a streamed response reaches its caller: SSE over HTTP, one message per event on a WebSocket. */
export interface ResponsesTransport {
  events(sink: ResponseSink): EventWriter;
  /** Told of every answered response, stored or not, before its last event (a WebSocket keeps its latest in memory). */
  answered?(response: ResponseObject, input: ConversationItem[]): void;
}

export const sseTransport: ResponsesTransport = { events: sseEventWriter };

/** The request's unknown fields, what the provider could not honour, and the conversation id where no provider header carries it. */
const droppedParams = (run: Run<ResponsesCall>, done: Success<ChatAnswer>) => [
  ...run.req.dropped,
  ...done.value.dropped.map(responsesParamName),
  ...unforwardedSessionFields(done.route.account.provider, { prompt_cache_key: run.req.request.prompt_cache_key }),
];

const headersOf = (run: Run<ResponsesCall>, done: Success<ResponsesAnswer>) => routeHeaders(run, done.route, done.attempts, droppedParams(run, done));

const frameOf = (run: Run<ResponsesCall>, done: Success<ResponsesAnswer>) =>
  responseFrame(run.req, responseIdOf(run.ctx.requestId), done.route.model.id, run.ctx.startedAt);

/**
 * Keeps the response (when `store` is on) before its last bytes go out, so a GET right after the answer finds it:
 * one insert after the upstream has answered, never before the call. A failed write is logged and the answer still
 * goes out (the response is then simply not stored).
 */
async function kept(run: Run<ResponsesCall>, response: ResponseObject, keep: KeepResponse | undefined): Promise<void> {
  if (!keep || !storesResponse(run.req)) return;
  try {
    await keep(response, { own: run.req.own, whole: run.req.input }, run.principal.userId);
  } catch (err) {
    getLogger().error({ err, response: response.id }, "could not store the response");
  }
}

/**
 * POST /responses: OpenAI's Responses API on the chat pipeline. The request becomes a chat request (with the
 * previous response's conversation, resolved by the caller into `prior`); routing, holds, fallbacks, limits and
 * records are chat's; the answer goes out as a `response` object or as Responses events.
 */
export function responsesEndpoint(prior: Prior, keep?: KeepResponse, transport = sseTransport): Endpoint<ResponsesCall, ResponsesAnswer> {
  return {
    name: "responses",
    schema: responsesRequestSchema.transform((req) => toResponsesCall(req, prior)),
    check(call) {
      checkToolChoice(call.chat);
      checkImages(call.images);
    },
    planInput(call, principal, catalog) {
      const input = chatEndpoint.planInput(call.chat, principal, catalog);
      return {
        ...input,
        // A refusal for want of vision names the image where the Responses request has it.
        needs: { ...input.needs, imageParam: call.images[0]?.param },
        // OpenAI's conversation id for its prompt cache: XRouter keeps the conversation on one account (routing).
        session: checkedSession(call.request.prompt_cache_key, "prompt_cache_key"),
      };
    },
    worstCase: (call, model) => chatEndpoint.worstCase(call.chat, model),
    capCompletion: (call) => chatEndpoint.capCompletion!(call.chat),
    applyCap: (call, maxTokens) => chatEndpoint.applyCap!(call.chat, maxTokens),
    streams: (call) => call.chat.stream === true,
    call: (call, route, context) => chatEndpoint.call(call.chat, route, context),

    async deliver(run, done) {
      const answer = done.value;
      if ("completion" in answer) {
        return { usage: answer.completion.usage, status: 200, finishReason: answer.completion.choices[0]?.finish_reason };
      }
      run.sink.start(200, { ...SSE_HEADERS, ...headersOf(run, done) });
      const events = new ResponseEventStream(frameOf(run, done), transport.events(run.sink));
      answer.events = events;
      events.start();
      return relayChatStream(run, run.req.chat, done, answer.iterator, answer.first, (chunk) => events.chunk(withOpenAIChunkToolCallIds(chunk)));
    },

    complete(run, done, outcome, costMicro) {
      const answer = done.value;
      const usage = responseUsage(outcome.usage, costMicro);
      if ("completion" in answer) {
        const frame = frameOf(run, done);
        const completion = withOpenAIToolCallIds(answer.completion);
        const response: ResponseObject = {
          ...frame,
          ...endStatus(completion.choices[0]?.finish_reason),
          output: completionOutput(completion, frame.id),
          usage,
        };
        transport.answered?.(response, run.req.input);
        void kept(run, response, keep).then(() => sendJson(run.sink, 200, response, headersOf(run, done)));
        return;
      }
      if (outcome.status === 499) return;
      const events = answer.events!;
      if (outcome.status !== 200) {
        events.fail(outcome.failure!, usage);
        run.sink.end();
        return;
      }
      const response = events.finish(usage, outcome.finishReason);
      transport.answered?.(response, run.req.input);
      void kept(run, response, keep).then(() => {
        events.end(response);
        run.sink.end();
      });
    },
  };
}
