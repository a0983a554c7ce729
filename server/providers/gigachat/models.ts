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

/**
 * The models that take images (uploaded through `POST /files`, referenced by `attachments`): Pro and Max, SECONDARY
 * (providers.md §1.11); whether GigaChat 2 Lite does is UNCONFIRMED, so it is listed without.
 */
const VISION_MODELS = new Set(["GigaChat-2-Pro", "GigaChat-2-Max"]);

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
    features: { ...chatFeatures, vision: VISION_MODELS.has(upstreamModel) },
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
  // CONFIRMED name (docs page "GigaChat 3 Ultra", Jul 2026): free ("freemium") for individuals (PERS) only, paid
  // scopes have no access yet; the page's examples use the host api.giga.chat. Whether a paid account's model list
  // leaves it out (the catalog sync then stops routing there) and whether the classic host serves it are
  // UNCONFIRMED, as are its context (131 072 here) and the price (the reference's derived "GigaChat-Ultra" B2B rate).
  chat("GigaChat-3-Ultra", "GigaChat 3 Ultra", chatPrice(240, 720)),
  embedder("Embeddings", "GigaChat Embeddings", 512),
  // CONFIRMED name (docs models page, "an improved version of Embeddings"); its input limit is UNCONFIRMED.
  embedder("Embeddings-2", "GigaChat Embeddings 2", 512),
  embedder("EmbeddingsGigaR", "GigaChat Embeddings GigaR", 4096),
  // CONFIRMED: `GET /models` lists it under this id (providers.md §1.8); the docs models page calls it
  // "Embeddings-3B-2025-09". Its input limit is UNCONFIRMED (GigaR's 4096 here).
  embedder("GigaEmbeddings-3B-2025-09", "GigaChat Embeddings 3B (2025-09)", 4096),
];
