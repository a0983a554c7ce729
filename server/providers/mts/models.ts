import { defineModel } from "../openai-compatible/models";
import type { ModelInfo } from "../types";

/**
 * MWS GPT models (providers.md §3.2). The names are SECONDARY (community code, 2025-2026) and the list
 * changes over time: `GET /models` is the truth. Context windows are the open-weight defaults (§3.4);
 * what MWS actually serves per model (`context_window_size`) is UNCONFIRMED. Tool support depends on the
 * server's tool-call parser: UNCONFIRMED per model.
 *
 * Prices: UNCONFIRMED. MWS publishes no per-token price list (it sells by contract), so every price here
 * is an estimate (RUB per 1M tokens, VAT included) to be overridden by configuration.
 */
export const MTS_MODELS: ModelInfo[] = [
  defineModel("mts", {
    id: "mts/mws-gpt-alpha",
    upstreamModel: "mws-gpt-alpha",
    name: "MWS GPT Alpha",
    contextLength: 32768, // UNCONFIRMED: the house model's window is not published.
    price: { input: 120, output: 120, status: "estimate" },
    tools: false, // UNCONFIRMED
  }),
  defineModel("mts", {
    id: "mts/qwen3-32b",
    upstreamModel: "qwen3-32b",
    name: "Qwen3 32B (MWS)",
    contextLength: 32768, // Qwen3-32B native 32K (§3.4).
    price: { input: 80, output: 80, status: "estimate" },
    tools: true,
  }),
  defineModel("mts", {
    id: "mts/qwen2.5-72b-instruct",
    upstreamModel: "qwen2.5-72b-instruct",
    name: "Qwen2.5 72B Instruct (MWS)",
    contextLength: 32768,
    price: { input: 160, output: 160, status: "estimate" },
    tools: true,
  }),
  defineModel("mts", {
    id: "mts/llama-3.3-70b-instruct",
    upstreamModel: "llama-3.3-70b-instruct",
    name: "Llama 3.3 70B Instruct (MWS)",
    contextLength: 131072, // the model's native window; the served max_model_len is UNCONFIRMED.
    price: { input: 160, output: 160, status: "estimate" },
    tools: true,
  }),
  defineModel("mts", {
    id: "mts/glm-4.6-357b",
    upstreamModel: "glm-4.6-357b", // the name is CONFIRMED as a Model Hub example (§3.1).
    name: "GLM-4.6 357B (MWS)",
    contextLength: 131072, // UNCONFIRMED
    price: { input: 300, output: 600, status: "estimate" },
    tools: true,
  }),
  defineModel("mts", {
    id: "mts/T-pro-it-1.0",
    upstreamModel: "T-pro-it-1.0",
    name: "T-Pro IT 1.0 (MWS)",
    contextLength: 32768, // t-tech/T-pro-it-1.0 max_position_embeddings (§4.1).
    price: { input: 80, output: 80, status: "estimate" },
    tools: false, // UNCONFIRMED
  }),
  defineModel("mts", {
    id: "mts/bge-m3",
    upstreamModel: "bge-m3",
    name: "BGE-M3 embeddings (MWS)",
    kind: "embedding",
    contextLength: 8192,
    price: { input: 10, output: 0, status: "estimate" },
  }),
];
