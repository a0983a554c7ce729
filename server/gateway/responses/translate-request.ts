import { badRequest } from "../../core/errors";
import type { ChatMessage, ChatRequest } from "../../providers/openai";
import { providerEffort } from "../reasoning";
import type { ImagePart } from "../vision";
import { KNOWN_FIELDS, type InputItem, type ResponsesRequest } from "./schema";

/** An item of a conversation as kept between responses: anything but a reference. */
export type ConversationItem = Exclude<InputItem, { type: "item_reference" }>;

/** What a request continues from: resolved by the caller of the endpoint (the stored responses are a service's). */
export interface Prior {
  /** The previous response's whole conversation (its input and its output), when `previous_response_id` is set. */
  previous?: ConversationItem[];
  /** Items of the caller's stored responses by id, for `item_reference` inputs. */
  references?: Map<string, ConversationItem>;
}

/** The Responses request on its way through the pipeline, with the chat request the providers are called with. */
export interface ResponsesCall {
  model: string;
  request: ResponsesRequest;
  chat: ChatRequest;
  /** The conversation up to the answer (previous response's items, then this request's input), kept when stored. */
  input: ConversationItem[];
  /** This request's own input items, references resolved (what a stored response keeps besides its previous response's id). */
  own: ConversationItem[];
  /** Fields of the request that were not used (the providers' own drops are added at the answer). */
  dropped: string[];
  /** The images the chat request carries, named by their place in the Responses request (`input.0.content.1`). */
  images: ImagePart[];
}

/** The chat request's parameter names, as the Responses request calls them (for `x-xrouter-dropped-params`). */
const RESPONSES_NAMES: Record<string, string> = {
  max_tokens: "max_output_tokens",
  max_completion_tokens: "max_output_tokens",
  response_format: "text.format",
  reasoning_effort: "reasoning.effort",
};
export const responsesParamName = (chatName: string) => RESPONSES_NAMES[chatName] ?? chatName;

const textOf = (parts: { type: string; text?: string; refusal?: string }[]) => parts.map((p) => p.text ?? p.refusal ?? "").join("");

function messageContent(item: Extract<ConversationItem, { role: string }>, path: string): Extract<ChatMessage, { role: "user" }>["content"] {
  if (typeof item.content === "string") return item.content;
  const parts = item.content.map((part, i) => {
    if (part.type !== "input_image") return { type: "text" as const, text: part.type === "refusal" ? part.refusal : part.text };
    if (!part.image_url) throw badRequest(`${path}.content.${i}.image_url: only images given by URL are supported`, `${path}.content.${i}.image_url`);
    return { type: "image_url" as const, image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) } };
  });
  // Text alone goes as one string: every provider takes that.
  return parts.every((p) => p.type === "text") ? parts.map((p) => p.text).join("\n") : parts;
}

/** The images of the items sent upstream as message content (an assistant turn goes as its text alone). */
const imageParts = (items: { item: ConversationItem; path: string }[]): ImagePart[] =>
  items.flatMap(({ item, path }) =>
    "role" in item && item.role !== "assistant" && typeof item.content !== "string"
      ? item.content.flatMap((part, j) =>
          part.type === "input_image" && part.image_url
            ? [{ url: part.image_url, role: item.role, param: `${path}.content.${j}`, urlParam: `${path}.content.${j}.image_url` }]
            : [],
        )
      : [],
  );

/** The conversation as chat messages: function calls join the assistant turn they belong to, their outputs follow as tool messages. */
function chatMessages(items: { item: ConversationItem; path: string }[], instructions: string | null | undefined): ChatMessage[] {
  const messages: ChatMessage[] = instructions ? [{ role: "system", content: instructions }] : [];
  const calls = new Set<string>();
  for (const { item, path } of items) {
    if (item.type === "reasoning") continue;
    if (item.type === "function_call") {
      calls.add(item.call_id);
      const call = { id: item.call_id, type: "function" as const, function: { name: item.name, arguments: item.arguments } };
      const last = messages.at(-1);
      if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), call];
      else messages.push({ role: "assistant", content: null, tool_calls: [call] });
      continue;
    }
    if (item.type === "function_call_output") {
      if (!calls.has(item.call_id))
        throw badRequest(`${path}.call_id: '${item.call_id}' does not match a function_call earlier in the conversation`, `${path}.call_id`);
      messages.push({ role: "tool", tool_call_id: item.call_id, content: typeof item.output === "string" ? item.output : textOf(item.output) });
      continue;
    }
    if (item.role === "assistant") messages.push({ role: "assistant", content: typeof item.content === "string" ? item.content : textOf(item.content) });
    else messages.push({ role: item.role, content: messageContent(item, path) });
  }
  if (messages.length === 0 || messages.every((m) => m.role === "system")) throw badRequest("input: must contain at least one message", "input");
  return messages;
}

function chatTools(req: ResponsesRequest): Pick<ChatRequest, "tools" | "tool_choice"> {
  const tools = req.tools?.map((tool, i) => {
    if (tool.type !== "function")
      throw badRequest(
        `tools.${i}.type: the built-in tool '${tool.type}' is not supported; XRouter serves function tools only`,
        `tools.${i}.type`,
        "unsupported_parameter",
      );
    if (!tool.name) throw badRequest(`tools.${i}.name: is required`, `tools.${i}.name`);
    return {
      type: "function" as const,
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.parameters ? { parameters: tool.parameters } : {}),
        ...(tool.strict != null ? { strict: tool.strict } : {}),
      },
    };
  });
  const choice = req.tool_choice;
  if (choice === undefined || typeof choice === "string") return { tools, tool_choice: choice };
  if (choice.type !== "function" || !choice.name)
    throw badRequest(`tool_choice.type: '${choice.type}' is not supported; use none, auto, required or a function`, "tool_choice.type", "unsupported_parameter");
  return { tools, tool_choice: { type: "function", function: { name: choice.name } } };
}

function responseFormat(req: ResponsesRequest): ChatRequest["response_format"] {
  const format = req.text?.format;
  if (!format || format.type !== "json_schema") return format;
  const { name, description, schema, strict } = format;
  return { type: "json_schema", json_schema: { name, description, schema, strict } };
}

/** The items of this request's input with their paths, references resolved. */
function ownItems(req: ResponsesRequest, prior: Prior): { item: ConversationItem; path: string }[] {
  if (typeof req.input === "string") return [{ item: { role: "user", content: req.input }, path: "input" }];
  return req.input.map((item, i) => {
    const path = `input.${i}`;
    if (item.type !== "item_reference") return { item, path };
    const found = prior.references?.get(item.id);
    if (!found) throw badRequest(`${path}.id: no stored item '${item.id}' of yours`, `${path}.id`);
    return { item: found, path };
  });
}

/** Builds the chat request the providers are called with: the same routing fields, the conversation as messages. */
export function toResponsesCall(req: ResponsesRequest, prior: Prior): ResponsesCall {
  const own = ownItems(req, prior);
  const items = [...(prior.previous ?? []).map((item, i) => ({ item, path: `previous_response_id (item ${i})` })), ...own];
  const effort = req.reasoning?.effort;
  const chat: ChatRequest = {
    model: req.model,
    models: req.models,
    provider: req.provider,
    messages: chatMessages(items, req.instructions),
    temperature: req.temperature,
    top_p: req.top_p,
    max_tokens: req.max_output_tokens,
    stream: req.stream,
    ...chatTools(req),
    parallel_tool_calls: req.parallel_tool_calls ?? undefined,
    response_format: responseFormat(req),
    reasoning_effort: effort ? providerEffort(effort) : undefined,
    user: req.user,
  };
  const dropped = Object.keys(req).filter((field) => !KNOWN_FIELDS.has(field));
  return { model: req.model, request: req, chat, input: items.map(({ item }) => item), own: own.map(({ item }) => item), dropped, images: imageParts(items) };
}
