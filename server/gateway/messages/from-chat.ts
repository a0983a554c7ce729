import type { BilledUsage } from "../../billing/cost";
import type { ChatCompletion } from "../../providers/openai";
import { getLogger } from "../../logging/logger";

/** Anthropic's stop reasons for the providers' finish reasons. */
const STOP_REASONS: Record<string, string> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
};

/**
 * `stop_sequence` is never reported: the providers answer a matched stop sequence with the same `stop` as a natural
 * end, so which one matched (if any) is unknown.
 */
export const stopReason = (finishReason: string | null | undefined) => (finishReason ? (STOP_REASONS[finishReason] ?? "end_turn") : null);

/** Tool call ids as Anthropic mints them (`toolu_…`), from the OpenAI ids the gateway already normalised to `call_…`. */
export const toolUseId = (openAIId: string) => `toolu_${openAIId.replace(/^call_/, "")}`;

export const messageId = (requestId: string) => `msg_${requestId.slice(4)}`;

/** A tool call's arguments as the `input` object Anthropic clients expect. */
export function toolInput(args: string): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(args || "{}");
    if (typeof input === "object" && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  } catch {
    // Falls through: an upstream that sent broken arguments leaves the tool without input rather than failing the answer.
  }
  getLogger().warn("upstream tool call arguments are not a JSON object; answered as {}");
  return {};
}

/**
 * Anthropic's usage: `input_tokens` excludes the tokens read from the provider's cache (reported apart), no
 * cache is ever written on the caller's behalf. `cost_rub` is XRouter's extension, as in chat completions.
 */
export function anthropicUsage(usage: BilledUsage, costMicro: number) {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: usage.prompt_tokens - cached,
    output_tokens: usage.completion_tokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    cost_rub: costMicro / 1_000_000,
  };
}

/** A whole chat completion as an Anthropic `message`. */
export function toMessage(completion: ChatCompletion, id: string, model: string, usage: BilledUsage, costMicro: number) {
  const choice = completion.choices[0];
  const content: ({ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> })[] = [];
  if (choice?.message.content) content.push({ type: "text", text: choice.message.content });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: "tool_use", id: toolUseId(call.id), name: call.function.name, input: toolInput(call.function.arguments) });
  }
  return {
    id,
    type: "message",
    role: "assistant",
    content,
    model,
    stop_reason: stopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: { ...anthropicUsage(usage, costMicro), service_tier: "standard" },
  };
}
