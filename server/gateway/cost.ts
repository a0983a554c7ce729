import type { Usage } from "../providers/openai";
import type { CatalogModel } from "./catalog";

/** Cost in micro-rubles of a usage at a price row, rounded up to the next micro-ruble. */
export function costMicro(usage: Pick<Usage, "prompt_tokens" | "completion_tokens" | "prompt_tokens_details">, price: CatalogModel["price"]): number {
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  const numerator =
    (usage.prompt_tokens - cached) * price.inputMicroPer1M +
    cached * price.cachedInputMicroPer1M +
    usage.completion_tokens * price.outputMicroPer1M;
  return Math.ceil(numerator / 1_000_000);
}
