import { randomUUID } from "node:crypto";
import type {
  AssistantMessage,
  ChatCompletion,
  ChatCompletionChunk,
  ChatMessage,
  ChatRequest,
  FinishReason,
  ToolCall,
  Usage,
} from "../openai";
import type {
  GigaChatChunk,
  GigaChatFinishReason,
  GigaChatFunctionCall,
  GigaChatMessage,
  GigaChatRequest,
  GigaChatResponse,
  GigaChatUsage,
} from "./wire";

/** OpenAI parameters with no GigaChat equivalent (providers.md §5.1): dropped when present. */
const UNSUPPORTED_PARAMS = [
  "stop",
  "presence_penalty",
  "frequency_penalty",
  "seed",
  "parallel_tool_calls",
  "user",
] as const;

export interface GigaChatRequestResult {
  body: GigaChatRequest;
  /** OpenAI parameter names present in the request that GigaChat cannot honour. */
  dropped: string[];
}

type Content = ChatMessage["content"];

/** A message's text (its text parts joined) and the URLs of its image parts. */
function partsOf(content: Content | undefined): { text: string; images: string[] } {
  if (content === null || content === undefined) return { text: "", images: [] };
  if (typeof content === "string") return { text: content, images: [] };
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of content) {
    if (part.type === "text") texts.push(part.text);
    else images.push(part.image_url.url);
  }
  return { text: texts.join("\n"), images };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function parseArguments(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    if (isObject(value)) return value;
  } catch {
    // Fall through: GigaChat needs an object, so an unparsable string becomes an empty one.
  }
  return {};
}

/**
 * GigaChat takes a function result only as a JSON object in a string (API reference, `messages.role`). Anything else
 * the tool returned, JSON (`42`, an array, a string literal) or plain text, is wrapped as {"result": value}.
 */
function functionResultContent(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return JSON.stringify({ result: text });
  }
  return isObject(value) ? text : JSON.stringify({ result: value });
}

interface PendingCall {
  name: string;
  args: Record<string, unknown>;
  /** True once the call appeared in an assistant message sent upstream. */
  emitted: boolean;
}

function convertMessages(messages: ChatMessage[], files: ReadonlyMap<string, string>, dropped: Set<string>): GigaChatMessage[] {
  const out: GigaChatMessage[] = [];
  const calls = new Map<string, PendingCall>();

  // Consecutive user messages are merged, but never into one that carries a file (one image per message).
  const pushUser = (text: string, attachments: string[]) => {
    const last = out[out.length - 1];
    if (last && last.role === "user" && !last.attachments) {
      // An image-only message adds its image, not an empty line.
      if (text || !attachments.length) last.content = `${last.content}\n${text}`;
      if (attachments.length) last.attachments = attachments;
    } else out.push({ role: "user", content: text, ...(attachments.length ? { attachments } : {}) });
  };

  for (const message of messages) {
    const { text, images } = partsOf(message.content);
    // A user message's images go as the files uploaded for them (`attachments`); any other image is left out.
    const attachments = message.role === "user" ? images.flatMap((url) => files.get(url) ?? []) : [];
    if (attachments.length < images.length) dropped.add("image_url");
    switch (message.role) {
      case "system":
      case "developer":
        // The API accepts one system message and only in first position (422 otherwise).
        if (out.length === 0) out.push({ role: "system", content: text });
        else pushUser(text, []);
        break;
      case "user":
        pushUser(text, attachments);
        break;
      case "assistant": {
        const first = message.tool_calls?.[0];
        for (const call of message.tool_calls ?? []) {
          calls.set(call.id, {
            name: call.function.name,
            args: parseArguments(call.function.arguments),
            emitted: false,
          });
        }
        if (!first) {
          out.push({ role: "assistant", content: text });
          break;
        }
        // One call per turn: the first goes here; the others are replayed before their results.
        const pending = calls.get(first.id)!;
        pending.emitted = true;
        out.push({ role: "assistant", content: text, function_call: { name: pending.name, arguments: pending.args } });
        break;
      }
      case "tool": {
        const call = calls.get(message.tool_call_id);
        if (call && !call.emitted) {
          call.emitted = true;
          out.push({ role: "assistant", content: "", function_call: { name: call.name, arguments: call.args } });
        }
        // GigaChat has no call ids; without a matching call the id is the best name we have.
        out.push({ role: "function", name: call?.name ?? message.tool_call_id, content: functionResultContent(text) });
        break;
      }
    }
  }
  return out;
}

/**
 * A forced function must be described in `functions` or GigaChat answers an error (API reference, `function_call`):
 * the gateway refuses such a request before any provider sees it (gateway/check-messages.ts).
 */
function functionCall(req: ChatRequest, dropped: Set<string>): GigaChatRequest["function_call"] {
  const choice = req.tool_choice;
  if (choice === undefined) return undefined;
  if (choice === "auto" || choice === "none") return choice;
  if (choice === "required") {
    // No GigaChat equivalent (§5.1): left to the model's own choice and reported.
    dropped.add("tool_choice");
    return undefined;
  }
  return { name: choice.function.name };
}

function responseFormat(req: ChatRequest): GigaChatRequest["response_format"] {
  const format = req.response_format;
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_schema") {
    return {
      type: "json_schema",
      schema: format.json_schema.schema ?? { type: "object" },
      ...(typeof format.json_schema.strict === "boolean" ? { strict: format.json_schema.strict } : {}),
    };
  }
  // json_object: the reference documents only the flat json_schema form. UNCONFIRMED whether GigaChat
  // takes {"type":"json_object"}; an open object schema asks for the same thing in the confirmed form.
  return { type: "json_schema", schema: { type: "object" }, strict: false };
}

/** `files`: the file id uploaded for each image URL of the request (images without one are left out). */
export function toGigaChatRequest(req: ChatRequest, files: ReadonlyMap<string, string> = new Map()): GigaChatRequestResult {
  const dropped = new Set<string>();
  for (const name of UNSUPPORTED_PARAMS) {
    if (req[name] !== undefined && req[name] !== null) dropped.add(name);
  }
  const body: GigaChatRequest = { model: req.model, messages: convertMessages(req.messages, files, dropped) };

  // Adapter convention (gpt2giga, LiteLLM): temperature 0 means greedy, which GigaChat expresses as top_p 0.
  if (req.temperature === 0) body.top_p = 0;
  else {
    if (req.temperature !== undefined && req.temperature !== null) body.temperature = req.temperature;
    if (req.top_p !== undefined && req.top_p !== null) body.top_p = req.top_p;
  }
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) body.max_tokens = maxTokens;
  if (req.n !== undefined && req.n !== null) body.n = req.n;
  body.stream = req.stream ?? false;

  if (req.tools && req.tools.length > 0) {
    body.functions = req.tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description !== undefined ? { description: fn.description } : {}),
      // The API reference lists `parameters` as required for a custom function; OpenAI lets a tool omit it.
      parameters: fn.parameters ?? { type: "object", properties: {} },
    }));
  }
  const call = functionCall(req, dropped);
  if (call !== undefined && body.functions) body.function_call = call;

  const format = responseFormat(req);
  if (format) body.response_format = format;
  if (req.reasoning_effort) body.reasoning_effort = req.reasoning_effort === "minimal" ? "low" : req.reasoning_effort;

  return { body, dropped: [...dropped] };
}

export function mapFinishReason(reason: GigaChatFinishReason | undefined | null): FinishReason | null {
  switch (reason) {
    case undefined:
    case null:
      return null;
    case "function_call":
      return "tool_calls";
    case "blacklist":
      return "content_filter";
    case "length":
      return "length";
    // "error" means the model produced invalid function arguments; §5.1 maps it to "stop".
    default:
      return "stop";
  }
}

export function mapUsage(usage: GigaChatUsage): Usage {
  const mapped: Usage = {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
  };
  if (typeof usage.precached_prompt_tokens === "number") {
    mapped.prompt_tokens_details = { cached_tokens: usage.precached_prompt_tokens };
  }
  return mapped;
}

function toToolCall(call: GigaChatFunctionCall): ToolCall {
  return {
    id: `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
  };
}

export function fromGigaChatResponse(res: GigaChatResponse): ChatCompletion {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: res.created,
    // The upstream model (with its :version suffix); the gateway sets the public id.
    model: res.model,
    choices: res.choices.map((choice) => {
      const { function_call: call, reasoning_content: reasoning } = choice.message;
      const message: AssistantMessage = call
        ? { role: "assistant", content: null, tool_calls: [toToolCall(call)] }
        : { role: "assistant", content: choice.message.content ?? "" };
      if (reasoning) message.reasoning_content = reasoning;
      return {
        index: choice.index,
        message,
        finish_reason: call ? "tool_calls" : (mapFinishReason(choice.finish_reason) ?? "stop"),
        logprobs: null,
      };
    }),
    usage: mapUsage(res.usage),
  };
}

/**
 * Returns a stateful mapper for one stream: a stable id, `role` only in each choice's first
 * delta, and a whole GigaChat function_call turned into one complete tool_calls delta.
 */
export function createChunkMapper(): (chunk: GigaChatChunk) => ChatCompletionChunk {
  const id = `chatcmpl-${randomUUID()}`;
  const started = new Set<number>();
  const calledTool = new Set<number>();
  return (chunk) => {
    const mapped: ChatCompletionChunk = {
      id,
      object: "chat.completion.chunk",
      created: chunk.created,
      model: chunk.model,
      choices: chunk.choices.map((choice) => {
        const delta: ChatCompletionChunk["choices"][number]["delta"] = {};
        if (!started.has(choice.index)) {
          started.add(choice.index);
          delta.role = "assistant";
        }
        const call = choice.delta.function_call;
        if (call) {
          calledTool.add(choice.index);
          const { id: callId, function: fn } = toToolCall(call);
          delta.tool_calls = [{ index: 0, id: callId, type: "function", function: fn }];
        } else if (choice.delta.content) {
          delta.content = choice.delta.content;
        }
        if (choice.delta.reasoning_content) delta.reasoning_content = choice.delta.reasoning_content;
        const finish = mapFinishReason(choice.finish_reason);
        return {
          index: choice.index,
          delta,
          finish_reason: finish && calledTool.has(choice.index) ? "tool_calls" : finish,
          logprobs: null,
        };
      }),
    };
    if (chunk.usage) mapped.usage = mapUsage(chunk.usage);
    return mapped;
  };
}
