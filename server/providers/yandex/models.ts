import type { ModelInfo, ModelPricing } from "../types";

const CONTEXT = 32_768;
const chatFeatures = { tools: true, json: true, streaming: true, embeddings: false };
const embeddingFeatures = { tools: false, json: false, streaming: false, embeddings: true };

/** Yandex bills input and output alike, per 1 000 tokens incl. VAT; stored here per 1M. */
function flat(rubPer1M: number, status: ModelPricing["status"]): ModelPricing {
  return { inputRubPer1M: rubPer1M, outputRubPer1M: rubPer1M, cachedInputRubPer1M: rubPer1M, status };
}

function chat(id: string, upstreamModel: string, name: string, pricing: ModelPricing): ModelInfo {
  return {
    id: `yandex/${id}`,
    provider: "yandex",
    upstreamModel,
    name,
    kind: "chat",
    contextLength: CONTEXT,
    pricing,
    features: chatFeatures,
  };
}

function embedding(id: string, name: string): ModelInfo {
  return {
    id: `yandex/${id}`,
    provider: "yandex",
    upstreamModel: `${id}/latest`,
    name,
    kind: "embedding",
    // The embedding input limit is 2 000 tokens (providers.md §2.7).
    contextLength: 2_000,
    pricing: flat(10, "confirmed"),
    features: embeddingFeatures,
  };
}

export const YANDEX_MODELS: readonly ModelInfo[] = [
  chat("yandexgpt", "yandexgpt/latest", "YandexGPT Pro 5", flat(1200, "confirmed")),
  chat("yandexgpt-lite", "yandexgpt-lite/latest", "YandexGPT Lite 5", flat(200, "confirmed")),
  // UNCONFIRMED price: the reference has none for YandexGPT Pro 5.1 (`yandexgpt/rc`); Pro's rate is the estimate.
  chat("yandexgpt-rc", "yandexgpt/rc", "YandexGPT Pro 5.1 (rc)", flat(1200, "estimate")),
  // UNCONFIRMED price for Alice AI LLM; Pro's rate is the estimate. The docs show the URI without a version
  // segment; `/latest` is the documented default, so the two are equivalent.
  chat("aliceai-llm", "aliceai-llm/latest", "Alice AI LLM", flat(1200, "estimate")),
  embedding("text-search-doc", "Yandex Text Search (documents)"),
  embedding("text-search-query", "Yandex Text Search (queries)"),
];
