import type { BilledUsage, TokenUsage } from "./cost";

/** Rough token count of text delivered before a stream broke (about 4 characters a token). */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** Usage of a stream that did not end with the upstream's own: the prompt plus what was delivered. */
export function deliveredUsage(prompt: unknown, delivered: string, reported?: TokenUsage): BilledUsage {
  const promptTokens = reported?.prompt_tokens ?? estimateTokens(JSON.stringify(prompt));
  const completion = estimateTokens(delivered);
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

/**
 * The partial-stream rule (docs/reliability.md, "The billing rule"): a complete stream is billed at the
 * upstream's usage; a broken or abandoned one for the prompt plus what was delivered; one that ended before its
 * first token is not billed at all.
 */
export function billedStreamUsage(end: StreamEnd): BilledUsage {
  if (!end.started && !end.complete) return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  if (!end.reported || !end.complete) return deliveredUsage(end.prompt, end.delivered, end.reported);
  const usage = end.reported;
  usage.total_tokens ||= usage.prompt_tokens + usage.completion_tokens;
  return usage as BilledUsage;
}
