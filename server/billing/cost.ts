import type { CatalogModel } from "../core/catalog";

/** The token counts a charge is priced from (OpenAI's usage field names). */
export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

/** A usage as answered to the caller and billed. */
export interface BilledUsage extends TokenUsage {
  total_tokens: number;
}

/** Cost in micro-rubles of a usage at a price row, rounded up to the next micro-ruble. */
export function costMicro(usage: TokenUsage, price: CatalogModel["price"]): number {
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  const numerator =
    (usage.prompt_tokens - cached) * price.inputMicroPer1M +
    cached * price.cachedInputMicroPer1M +
    usage.completion_tokens * price.outputMicroPer1M;
  return Math.ceil(numerator / 1_000_000);
}
