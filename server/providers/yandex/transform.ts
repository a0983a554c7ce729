import { randomBytes, randomUUID } from "node:crypto";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletion, ChatMessage, ChatRequest, FinishReason, ToolCall, Usage } from "../openai";
import type {
  YandexAlternativeStatus,
  YandexCompletionOptions,
  YandexCompletionRequest,
  YandexCompletionResult,
  YandexMessage,
  YandexToolCallList,
  YandexToolChoice,
  YandexUsage,
} from "./wire";

/** OpenAI parameters the native API has no field for (providers.md §5.2). */
const UNSUPPORTED_PARAMS = ["top_p", "stop", "seed", "presence_penalty", "frequency_penalty", "user"] as const;

/** Expands a short model name (`yandexgpt/latest`) into `gpt://<folder>/yandexgpt/latest`; full URIs pass through. */
export function modelUri(scheme: "gpt" | "emb", folderId: string, model: string): string {
  return /^[a-z]+:\/\//.test(model) ? model : `${scheme}://${folderId}/${model}`;
}

/** Native temperature is 0..1 while OpenAI allows 0..2: values above 1 are clamped, not rescaled. */
export function clampTemperature(temperature: number): number {
  return Math.min(1, Math.max(0, temperature));
}

export function droppedParams(req: ChatRequest): string[] {
  const dropped: string[] = UNSUPPORTED_PARAMS.filter((name) => req[name] !== undefined && req[name] !== null);
  if (req.messages.some(hasImage)) dropped.push("image_url");
  return dropped;
}

function hasImage(message: ChatMessage): boolean {
  return Array.isArray(message.content) && message.content.some((part) => part.type === "image_url");
}

/** Native messages are text only; image parts are left out (and reported as dropped). */
function textOf(content: ChatMessage["content"]): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

function parseArguments(call: ToolCall): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = call.function.arguments.trim() === "" ? {} : JSON.parse(call.function.arguments);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamError(400, `tool call ${call.id}: arguments must be a JSON object`, {
      code: "invalid_request_error",
    });
  }
  return parsed as Record<string, unknown>;
}

/**
 * Native tool calls carry no ids and a tool result is a `user` message with `toolResultList`, named after its
 * call. Consecutive `tool` messages become one such message, in order.
 */
export function toYandexMessages(messages: ChatMessage[]): YandexMessage[] {
  const callNames = new Map<string, string>();
  const out: YandexMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
      case "developer":
        out.push({ role: "system", text: textOf(message.content) });
        break;
      case "user":
        out.push({ role: "user", text: textOf(message.content) });
        break;
      case "assistant": {
        const text = textOf(message.content);
        const calls = message.tool_calls ?? [];
        // A native message holds text or toolCallList, never both: text goes first as its own message.
        if (text !== "" || calls.length === 0) out.push({ role: "assistant", text });
        if (calls.length > 0) {
          for (const call of calls) callNames.set(call.id, call.function.name);
          out.push({
            role: "assistant",
            toolCallList: {
              toolCalls: calls.map((call) => ({
                functionCall: { name: call.function.name, arguments: parseArguments(call) },
              })),
            },
          });
        }
        break;
      }
      case "tool": {
        const result = {
          functionResult: {
            name: callNames.get(message.tool_call_id) ?? message.tool_call_id,
            content: textOf(message.content),
          },
        };
        const previous = out.at(-1);
        if (previous?.toolResultList) previous.toolResultList.toolResults.push(result);
        else out.push({ role: "user", toolResultList: { toolResults: [result] } });
        break;
      }
    }
  }
  return out;
}

/**
 * A forced function "must match the name of a function in the API request" (proto): the gateway refuses one that
 * does not before any provider sees it (gateway/check-messages.ts).
 */
function toToolChoice(req: ChatRequest): YandexToolChoice | undefined {
  const choice = req.tool_choice;
  if (choice === undefined) return undefined;
  if (choice === "none") return { mode: "NONE" };
  if (choice === "auto") return { mode: "AUTO" };
  if (choice === "required") return { mode: "REQUIRED" };
  return { functionName: choice.function.name };
}

function toCompletionOptions(req: ChatRequest, stream: boolean): YandexCompletionOptions {
  const options: YandexCompletionOptions = { stream };
  if (req.temperature !== undefined && req.temperature !== null)
    options.temperature = clampTemperature(req.temperature);
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) options.maxTokens = String(maxTokens);
  // Coarse: the native API only has "hidden reasoning on" or "off".
  if (req.reasoning_effort) {
    options.reasoningOptions = { mode: req.reasoning_effort === "minimal" ? "DISABLED" : "ENABLED_HIDDEN" };
  }
  return options;
}

export interface YandexRequestResult {
  body: YandexCompletionRequest;
  dropped: string[];
}

/** `req.model` is the upstream model name (`yandexgpt/latest`) or a full `gpt://` URI. */
export function toYandexRequest(req: ChatRequest, folderId: string, stream: boolean): YandexRequestResult {
  const body: YandexCompletionRequest = {
    modelUri: modelUri("gpt", folderId, req.model),
    completionOptions: toCompletionOptions(req, stream),
    messages: toYandexMessages(req.messages),
  };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map(({ function: fn }) => ({
      function: {
        name: fn.name,
        ...(fn.description !== undefined && { description: fn.description }),
        ...(fn.parameters !== undefined && { parameters: fn.parameters }),
        ...(typeof fn.strict === "boolean" && { strict: fn.strict }),
      },
    }));
  }
  const toolChoice = toToolChoice(req);
  if (toolChoice) body.toolChoice = toolChoice;
  if (req.parallel_tool_calls !== undefined) body.parallelToolCalls = req.parallel_tool_calls;
  if (req.response_format?.type === "json_object") body.jsonObject = true;
  if (req.response_format?.type === "json_schema")
    body.jsonSchema = { schema: req.response_format.json_schema.schema ?? {} };
  return { body, dropped: droppedParams(req) };
}

export function finishReason(status: YandexAlternativeStatus): FinishReason | null {
  switch (status) {
    case "ALTERNATIVE_STATUS_PARTIAL":
      return null;
    case "ALTERNATIVE_STATUS_TRUNCATED_FINAL":
      return "length";
    case "ALTERNATIVE_STATUS_CONTENT_FILTER":
      return "content_filter";
    case "ALTERNATIVE_STATUS_TOOL_CALLS":
      return "tool_calls";
    default:
      return "stop";
  }
}

function toInt(value: string | undefined): number {
  const n = Number.parseInt(value ?? "0", 10);
  return Number.isFinite(n) ? n : 0;
}

export function toOpenAIUsage(usage: YandexUsage | undefined): Usage {
  const prompt = toInt(usage?.inputTextTokens);
  const completion = toInt(usage?.completionTokens);
  const result: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.totalTokens !== undefined ? toInt(usage.totalTokens) : prompt + completion,
  };
  const reasoning = usage?.completionTokensDetails?.reasoningTokens;
  if (reasoning !== undefined) result.completion_tokens_details = { reasoning_tokens: toInt(reasoning) };
  return result;
}

export function newCompletionId(): string {
  return `chatcmpl-${randomUUID()}`;
}

export function newToolCallId(): string {
  return `call_${randomBytes(12).toString("hex")}`;
}

export function toOpenAIToolCalls(list: YandexToolCallList | undefined): ToolCall[] {
  return (list?.toolCalls ?? []).map(({ functionCall }) => ({
    id: newToolCallId(),
    type: "function",
    function: { name: functionCall.name, arguments: JSON.stringify(functionCall.arguments ?? {}) },
  }));
}

export function toOpenAICompletion(result: YandexCompletionResult, model: string): ChatCompletion {
  const alternative = result.alternatives[0];
  if (!alternative) throw new UpstreamError(502, "yandex returned no alternatives");
  const toolCalls = toOpenAIToolCalls(alternative.message.toolCallList);
  const text = alternative.message.text;
  const completion: ChatCompletion = {
    id: newCompletionId(),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text === undefined || (text === "" && toolCalls.length > 0) ? null : text,
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        finish_reason: finishReason(alternative.status) ?? "stop",
        logprobs: null,
      },
    ],
    usage: toOpenAIUsage(result.usage),
  };
  if (result.modelVersion) completion.system_fingerprint = result.modelVersion;
  return completion;
}
