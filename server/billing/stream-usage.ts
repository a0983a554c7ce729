import type { BilledUsage, TokenUsage } from "./cost";
import { IMAGE_TOKENS_ESTIMATE, promptJson } from "./prompt-size";

/** Rough token count of text delivered before a stream broke (about 4 characters a token). */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The prompt's tokens by the same rule, images counted as IMAGE_TOKENS_ESTIMATE each. */
function estimatedPrompt(prompt: unknown): number {
  const { json, images } = promptJson(prompt);
  return estimateTokens(json) + images * IMAGE_TOKENS_ESTIMATE;
}

/** A cut stream's parts as the provider's own tokenizer counted them; a part left out is estimated. */
export interface CountedTokens {
  prompt?: number;
  delivered?: number;
}

const isCount = (n: number | undefined): n is number => Number.isSafeInteger(n) && n! >= 0;

/**
 * Usage of a stream that did not end with the upstream's own: the prompt plus what was delivered, each by the
 * upstream's report, else the provider's tokenizer, else the estimate. A delivered count above the text's UTF-8
 * length (a token is at least a byte) is not believed.
 */
export function deliveredUsage(prompt: unknown, delivered: string, reported?: TokenUsage, counted: CountedTokens = {}): BilledUsage {
  const promptTokens = reported?.prompt_tokens ?? (isCount(counted.prompt) ? counted.prompt : estimatedPrompt(prompt));
  const believable = isCount(counted.delivered) && counted.delivered <= Buffer.byteLength(delivered);
  const completion = believable ? counted.delivered! : estimateTokens(delivered);
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
}

/** How a stream ended, as far as billing is concerned. */
export interface StreamEnd {
  /** The request's messages: the prompt estimate when the upstream reported no usage. */
  prompt: unknown;
  /** The text (content, reasoning, tool calls) that reached the caller. */
  delivered: string;
  /** The upstream's own usage, when it sent one. */
  reported?: TokenUsage & { total_tokens?: number };
  /** At least one token reached the caller. */
  started: boolean;
  /** The upstream finished and the caller stayed to the end. */
  complete: boolean;
}

/** True when the stream is billed for what it delivered (not at the upstream's usage, not free): worth counting. */
export const billsDelivered = (end: StreamEnd) => (end.started || end.complete) && !(end.reported && end.complete);

/**
 * The partial-stream rule (docs/reliability.md, "The billing rule"): a complete stream is billed at the
 * upstream's usage; a broken or abandoned one for the prompt plus what was delivered (counted by the provider's
 * tokenizer where `counted` has it); one that ended before its first token is not billed at all.
 */
export function billedStreamUsage(end: StreamEnd, counted?: CountedTokens): BilledUsage {
  if (!end.started && !end.complete) return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  if (billsDelivered(end)) return deliveredUsage(end.prompt, end.delivered, end.reported, counted);
  const usage = end.reported!;
  usage.total_tokens ||= usage.prompt_tokens + usage.completion_tokens;
  return usage as BilledUsage;
}
