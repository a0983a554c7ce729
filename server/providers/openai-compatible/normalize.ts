import { randomUUID } from "node:crypto";
import { UpstreamError } from "../../core/upstream-error";
import type {
  AssistantMessage,
  ChatCompletion,
  ChatCompletionChunk,
  ChunkToolCallDelta,
  FinishReason,
  ToolCall,
  Usage,
} from "../openai";
import type { WireChunk, WireCompletion, WireMessage, WireToolCall, WireUsage } from "./wire";

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  function_call: "tool_calls",
  content_filter: "content_filter",
  error: "error",
};

/**
 * Unknown reasons (vLLM's "abort", "eos") read as "stop". Some vLLM versions answer a tool call with
 * "stop", so a choice that carries tool calls always finishes with "tool_calls".
 */
export function toFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  const reason = (raw && FINISH_REASONS[raw]) || "stop";
  return hasToolCalls && reason === "stop" ? "tool_calls" : reason;
}

export function toUsage(wire: WireUsage | null | undefined): Usage | undefined {
  if (!wire) return undefined;
  const prompt = wire.prompt_tokens ?? 0;
  const completion = wire.completion_tokens ?? 0;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: wire.total_tokens ?? prompt + completion,
  };
  const cached = wire.prompt_tokens_details?.cached_tokens;
  if (typeof cached === "number") usage.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = wire.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === "number") usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

/** `reasoning_content` (older vLLM, most hosts) or `reasoning` (newer vLLM), always surfaced as `reasoning_content`. */
export function reasoningOf(message: WireMessage): string | undefined {
  const text = message.reasoning_content ?? message.reasoning;
  return typeof text === "string" && text.length > 0 ? text : undefined;
}

/** Some servers send parsed arguments as an object; OpenAI clients expect a JSON string. */
function argumentsText(raw: string | Record<string, unknown> | null | undefined, fallback: string): string {
  if (typeof raw === "string") return raw;
  if (raw && typeof raw === "object") return JSON.stringify(raw);
  return fallback;
}

export const newToolCallId = (): string => `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;

function toToolCall(wire: WireToolCall): ToolCall {
  return {
    id: wire.id || newToolCallId(),
    type: "function",
    function: { name: wire.function?.name ?? "", arguments: argumentsText(wire.function?.arguments, "{}") },
  };
}

export function toCompletion(wire: WireCompletion, requestedModel: string): ChatCompletion {
  const choices = wire.choices ?? [];
  if (choices.length === 0) throw new UpstreamError(502, "upstream completion has no choices");
  return {
    id: wire.id || `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: wire.created ?? Math.floor(Date.now() / 1000),
    model: wire.model || requestedModel,
    choices: choices.map((choice, i) => {
      const wireMessage = choice.message ?? {};
      const toolCalls = (wireMessage.tool_calls ?? []).map(toToolCall);
      const message: AssistantMessage = { role: "assistant", content: wireMessage.content ?? null };
      if (toolCalls.length > 0) message.tool_calls = toolCalls;
      const reasoning = reasoningOf(wireMessage);
      if (reasoning !== undefined) message.reasoning_content = reasoning;
      return {
        index: choice.index ?? i,
        message,
        finish_reason: toFinishReason(choice.finish_reason, toolCalls.length > 0),
        logprobs: null,
      };
    }),
    usage: toUsage(wire.usage) ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    ...(wire.system_fingerprint ? { system_fingerprint: wire.system_fingerprint } : {}),
  };
}

/**
 * Returns a stateful chunk normaliser for one stream: it remembers which tool-call indexes it has seen,
 * so the first delta of each call carries an id and `type`, and every delta has an `arguments` string.
 */
export function createChunkNormalizer(requestedModel: string): (wire: WireChunk) => ChatCompletionChunk {
  const toolCallIds = new Map<string, string>();
  const fallbackId = `chatcmpl-${randomUUID()}`;
  const sawToolCalls = new Set<number>();

  const toDelta = (choiceIndex: number, wire: WireToolCall, position: number): ChunkToolCallDelta => {
    const index = wire.index ?? position;
    const key = `${choiceIndex}:${index}`;
    const delta: ChunkToolCallDelta = { index, function: { arguments: argumentsText(wire.function?.arguments, "") } };
    if (wire.function?.name) delta.function.name = wire.function.name;
    if (!toolCallIds.has(key)) {
      const id = wire.id || newToolCallId();
      toolCallIds.set(key, id);
      delta.id = id;
      delta.type = "function";
    } else if (wire.id && wire.id !== toolCallIds.get(key)) {
      delta.id = wire.id;
    }
    return delta;
  };

  return (wire) => {
    const chunk: ChatCompletionChunk = {
      id: wire.id || fallbackId,
      object: "chat.completion.chunk",
      created: wire.created ?? Math.floor(Date.now() / 1000),
      model: wire.model || requestedModel,
      choices: (wire.choices ?? []).map((choice, i) => {
        const index = choice.index ?? i;
        const wireDelta = choice.delta ?? {};
        const delta: ChatCompletionChunk["choices"][number]["delta"] = {};
        if (wireDelta.role === "assistant") delta.role = "assistant";
        if (wireDelta.content !== undefined) delta.content = wireDelta.content;
        const reasoning = reasoningOf(wireDelta);
        if (reasoning !== undefined) delta.reasoning_content = reasoning;
        const toolCalls = (wireDelta.tool_calls ?? []).map((call, position) => toDelta(index, call, position));
        if (toolCalls.length > 0) {
          delta.tool_calls = toolCalls;
          sawToolCalls.add(index);
        }
        const finish = choice.finish_reason ? toFinishReason(choice.finish_reason, sawToolCalls.has(index)) : null;
        return { index, delta, finish_reason: finish, logprobs: null };
      }),
    };
    const usage = toUsage(wire.usage);
    if (usage) chunk.usage = usage;
    return chunk;
  };
}
