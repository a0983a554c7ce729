import type { ModelInfo, ModelPricing } from "../types";

/**
 * Prices are UNCONFIRMED (providers.md §1.11): derived B2B figures in RUB per 1M tokens.
 * Cached prompt tokens (`precached_prompt_tokens`) are not billed, hence 0.
 */
const chatPrice = (input: number, output: number): ModelPricing => ({
  inputRubPer1M: input,
  outputRubPer1M: output,
  cachedInputRubPer1M: 0,
  status: "estimate",
});

/**
 * No figure in the reference for embedders. 40 RUB per 1M input tokens is a guess at the order of
 * magnitude of Sber's embedding tariff; embeddings produce no output tokens.
 */
const embeddingPrice: ModelPricing = {
  inputRubPer1M: 40,
  outputRubPer1M: 0,
  cachedInputRubPer1M: 0,
  status: "estimate",
};

const chatFeatures = { tools: true, json: true, streaming: true, embeddings: false };
const embeddingFeatures = { tools: false, json: false, streaming: false, embeddings: true };

function chat(upstreamModel: string, name: string, pricing: ModelPricing): ModelInfo {
  return {
    id: `gigachat/${upstreamModel}`,
    provider: "gigachat",
    upstreamModel,
    name,
    kind: "chat",
    // SECONDARY in the reference (aggregators / config files).
    contextLength: 131_072,
    pricing,
    features: chatFeatures,
  };
}

function embedder(upstreamModel: string, name: string, contextLength: number): ModelInfo {
  return {
    id: `gigachat/${upstreamModel}`,
    provider: "gigachat",
    upstreamModel,
    name,
    kind: "embedding",
    // UNCONFIRMED: the reference gives no input limit for embedders.
    contextLength,
    pricing: embeddingPrice,
    features: embeddingFeatures,
  };
}

export const GIGACHAT_MODELS: readonly ModelInfo[] = [
  chat("GigaChat-2", "GigaChat 2 Lite", chatPrice(20, 60)),
  chat("GigaChat-2-Pro", "GigaChat 2 Pro", chatPrice(60, 180)),
  chat("GigaChat-2-Max", "GigaChat 2 Max", chatPrice(120, 360)),
  embedder("Embeddings", "GigaChat Embeddings", 512),
  embedder("EmbeddingsGigaR", "GigaChat Embeddings GigaR", 4096),
];
