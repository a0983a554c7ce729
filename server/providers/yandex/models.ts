import type { ModelInfo, ModelPricing } from "../types";

/**
 * Which Yandex API surface serves a model: the native Foundation Models REST API (`/foundationModels/v1/…`) or the
 * OpenAI-compatible API (`/v1/…`). providers.md §2.10: the YandexGPT family and Alice are on both (we use native);
 * Qwen3 235B, gpt-oss and Gemma 3 are on the OpenAI-compatible surface only. Kept local to Yandex on purpose.
 */
export type YandexSurface = "native" | "openai";

const CONTEXT = 32_768;
const embeddingFeatures = { tools: false, json: false, streaming: false, embeddings: true };

/** Yandex bills input and output alike, per 1 000 tokens incl. VAT; stored here per 1M. */
function flat(rubPer1M: number, status: ModelPricing["status"]): ModelPricing {
  return { inputRubPer1M: rubPer1M, outputRubPer1M: rubPer1M, cachedInputRubPer1M: rubPer1M, status };
}

interface ChatSpec {
  contextLength?: number;
  tools?: boolean;
  surface?: YandexSurface;
}

interface YandexModelEntry {
  info: ModelInfo;
  surface: YandexSurface;
}

function chat(id: string, upstreamModel: string, name: string, pricing: ModelPricing, spec: ChatSpec = {}) {
  const info: ModelInfo = {
    id: `yandex/${id}`,
    provider: "yandex",
    upstreamModel,
    name,
    kind: "chat",
    contextLength: spec.contextLength ?? CONTEXT,
    pricing,
    features: { tools: spec.tools ?? true, json: true, streaming: true, embeddings: false },
  };
  return { info, surface: spec.surface ?? "native" } satisfies YandexModelEntry;
}

function embedding(id: string, name: string): YandexModelEntry {
  const info: ModelInfo = {
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
  return { info, surface: "native" };
}

const ENTRIES: readonly YandexModelEntry[] = [
  chat("yandexgpt", "yandexgpt/latest", "YandexGPT Pro 5", flat(1200, "confirmed")),
  chat("yandexgpt-lite", "yandexgpt-lite/latest", "YandexGPT Lite 5", flat(200, "confirmed")),
  // UNCONFIRMED price: the reference has none for YandexGPT Pro 5.1 (`yandexgpt/rc`); Pro's rate is the estimate.
  chat("yandexgpt-rc", "yandexgpt/rc", "YandexGPT Pro 5.1 (rc)", flat(1200, "estimate")),
  // UNCONFIRMED price for Alice AI LLM; Pro's rate is the estimate. The docs show the URI without a version
  // segment; `/latest` is the documented default, so the two are equivalent.
  chat("aliceai-llm", "aliceai-llm/latest", "Alice AI LLM", flat(1200, "estimate")),
  // OpenAI-compatible only (providers.md §2.10). Prices are SECONDARY (Aug 2025, Qwen3 "50% discount" note):
  // 0.50 / 0.30 / 0.10 ₽ per 1 000 tokens, input and output alike.
  chat("qwen3-235b-a22b-fp8", "qwen3-235b-a22b-fp8/latest", "Qwen3 235B A22B (FP8)", flat(500, "estimate"), {
    contextLength: 262_144,
    surface: "openai",
  }),
  chat("gpt-oss-120b", "gpt-oss-120b/latest", "gpt-oss-120b", flat(300, "estimate"), {
    contextLength: 131_072,
    surface: "openai",
  }),
  chat("gpt-oss-20b", "gpt-oss-20b/latest", "gpt-oss-20b", flat(100, "estimate"), {
    contextLength: 131_072,
    surface: "openai",
  }),
  // UNCONFIRMED price: the reference lists none for Gemma 3 27B; gpt-oss-120b's rate is the placeholder.
  // Tool calling on Yandex's Gemma is UNCONFIRMED, so tools are off.
  chat("gemma-3-27b-it", "gemma-3-27b-it/latest", "Gemma 3 27B IT", flat(300, "estimate"), {
    contextLength: 131_072,
    tools: false,
    surface: "openai",
  }),
  embedding("text-search-doc", "Yandex Text Search (documents)"),
  embedding("text-search-query", "Yandex Text Search (queries)"),
];

export const YANDEX_MODELS: readonly ModelInfo[] = ENTRIES.map((e) => e.info);

/** Model names (the first path segment of the upstream name, e.g. `gpt-oss-120b`) served only over the compat API. */
const OPENAI_ONLY = new Set(
  ENTRIES.filter((e) => e.surface === "openai").map((e) => e.info.upstreamModel.split("/")[0]!),
);

/**
 * Resolves a model reference to its upstream name: a public id (`yandex/gpt-oss-20b`) becomes its upstreamModel;
 * upstream names (`gpt-oss-20b/latest`) and full URIs (`gpt://<folder>/gpt-oss-20b/latest`) pass through.
 */
export function yandexUpstreamModel(model: string): string {
  return YANDEX_MODELS.find((m) => m.id === model)?.upstreamModel ?? model;
}

/** The bare model name of an upstream name or URI: `gpt://f/gpt-oss-20b/latest` and `gpt-oss-20b` → `gpt-oss-20b`. */
export function yandexModelName(model: string): string {
  const path = yandexUpstreamModel(model).replace(/^[a-z]+:\/\/[^/]+\//, "");
  return path.split("/")[0] ?? path;
}

/** Which surface a chat model goes through; anything not known to be compat-only goes native. */
export function yandexSurface(model: string): YandexSurface {
  return OPENAI_ONLY.has(yandexModelName(model)) ? "openai" : "native";
}
