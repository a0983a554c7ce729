import { worstCaseChat } from "../../billing/hold";
import { deliveredUsage } from "../../billing/stream-usage";
import { badRequest } from "../../core/errors";
import type { ChatRequest } from "../../providers/openai";
import type { PlanInput } from "../../routing/plan";
import type { Principal } from "../../core/principal";
import type { CatalogModel } from "../../core/catalog";
import { callChat, type ChatAnswer } from "../chat";
import { checkToolChoice } from "../check-messages";
import { anthropicErrorShape } from "../error-shapes";
import { checkImages, type ImagePart } from "../vision";
import type { Endpoint, Run } from "../pipeline/endpoint";
import { relayChatStream } from "../pipeline/relay-chat-stream";
import { routeHeaders } from "../pipeline/route-headers";
import { sendJson } from "../sink";
import { SSE_HEADERS } from "../sse";
import { withOpenAIChunkToolCallIds, withOpenAIToolCallIds } from "../tool-call-ids";
import { messageId, toMessage } from "./from-chat";
import { countTokensRequestSchema, messagesRequestSchema, type MessagesRequest } from "./schema";
import { messageEvents, sseFrame, type MessagesEvent } from "./stream-events";
import { anthropicParamName, toChatRequest } from "./to-chat";

/** A validated Messages request with its chat translation (what the planner, the hold and the providers see). */
export interface MessagesCall {
  model: string;
  request: MessagesRequest;
  chat: ChatRequest;
  /** Anthropic parameters left out before any provider saw them. */
  dropped: string[];
}

const translated = (request: MessagesRequest): MessagesCall => ({ model: request.model, request, ...toChatRequest(request) });
export const messagesCallSchema = messagesRequestSchema.transform(translated);
export const countTokensCallSchema = countTokensRequestSchema.transform(translated);

/** Every tool_result must answer a tool_use of an earlier assistant message (a 400 naming the block otherwise). */
export function checkToolResults(req: MessagesCall): void {
  const calls = new Set<string>();
  req.request.messages.forEach((message, i) => {
    if (typeof message.content === "string") return;
    message.content.forEach((block, j) => {
      if (block.type === "tool_use") calls.add(block.id);
      if (block.type === "tool_result" && !calls.has(block.tool_use_id)) {
        const param = `messages.${i}.content.${j}.tool_use_id`;
        throw badRequest(`${param}: '${block.tool_use_id}' does not match a tool_use block of an earlier assistant message`, param);
      }
    });
  });
}

/** The request's image blocks, named as the Messages request names them (base64 ones as data URLs). */
const imageParts = (req: MessagesCall): ImagePart[] =>
  req.request.messages.flatMap((message, i) =>
    typeof message.content === "string"
      ? []
      : message.content.flatMap((block, j) =>
          block.type === "image"
            ? [
                {
                  url: block.source.type === "url" ? block.source.url : `data:${block.source.media_type};base64,${block.source.data}`,
                  role: message.role,
                  param: `messages.${i}.content.${j}`,
                  urlParam: `messages.${i}.content.${j}.source`,
                },
              ]
            : [],
        ),
  );

/** The planner's question, as chat asks it: the model(s), preferences and what the request needs. */
export function messagesPlanInput(req: MessagesCall, principal: Principal, catalog: Map<string, CatalogModel>): PlanInput {
  return {
    model: req.model,
    models: req.request.models,
    preferences: req.request.provider,
    request: req.chat,
    needs: {
      kind: "chat",
      tools: (req.chat.tools?.length ?? 0) > 0,
      json: false,
      contextTokens: worstCaseChat(req.chat).prompt_tokens + (req.chat.max_tokens ?? 0),
      imageParam: imageParts(req)[0]?.param,
    },
    principal,
    catalog,
  };
}

/** The prompt's size as XRouter estimates it where the provider reports nothing (the partial-stream rule's estimate). */
export const estimatedInputTokens = (chat: ChatRequest) => deliveredUsage({ messages: chat.messages, tools: chat.tools }, "").prompt_tokens;

/** Chat's answer; a stream's events are kept with it from deliver to complete. */
type MessagesAnswer = ChatAnswer & { events?: ReturnType<typeof messageEvents> };

const droppedOf = (run: Run<MessagesCall>, answer: MessagesAnswer) => [...new Set([...run.req.dropped, ...answer.dropped.map(anthropicParamName)])];

const write = (run: Run<MessagesCall>, events: MessagesEvent[]) => {
  for (const event of events) run.sink.write(sseFrame(event));
};

/** POST /messages: Anthropic's Messages API over the same routes, holds and records as chat completions. */
export const messagesEndpoint: Endpoint<MessagesCall, MessagesAnswer> = {
  name: "messages",
  schema: messagesCallSchema,
  check(req) {
    checkToolResults(req);
    checkToolChoice(req.chat);
    checkImages(imageParts(req));
  },
  planInput: messagesPlanInput,
  worstCase: (req, model) => worstCaseChat(req.chat, model),
  streams: (req) => req.request.stream === true,

  call: (req, route, call) => callChat({ ...req.chat, model: route.upstreamModel }, route, call),

  async deliver(run, done) {
    const answer = done.value;
    if ("completion" in answer) {
      return { usage: answer.completion.usage, status: 200, finishReason: answer.completion.choices[0]?.finish_reason };
    }
    run.sink.start(200, { ...SSE_HEADERS, ...routeHeaders(run, done.route, done.attempts, droppedOf(run, answer)) });
    const events = messageEvents(messageId(run.ctx.requestId), done.route.model.id, estimatedInputTokens(run.req.chat));
    answer.events = events;
    write(run, events.start());
    return relayChatStream(run, run.req.chat, done, answer.iterator, answer.first, (chunk) =>
      write(run, events.chunk(withOpenAIChunkToolCallIds(chunk))),
    );
  },

  complete(run, done, outcome, costMicro) {
    const answer = done.value;
    if ("completion" in answer) {
      const message = toMessage(withOpenAIToolCallIds(answer.completion), messageId(run.ctx.requestId), done.route.model.id, outcome.usage, costMicro);
      sendJson(run.sink, 200, message, routeHeaders(run, done.route, done.attempts, droppedOf(run, answer)));
      return;
    }
    if (outcome.status === 499) return;
    // A stream that broke after it started ends with Anthropic's error event, never a message_stop.
    if (outcome.status !== 200) write(run, [anthropicErrorShape(outcome.failure!) as MessagesEvent]);
    else write(run, answer.events!.end(outcome.finishReason, outcome.usage, costMicro));
    run.sink.end();
  },
};
