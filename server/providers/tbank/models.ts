import { defineModel } from "../openai-compatible/models";
import type { ModelInfo } from "../types";

/**
 * T-Bank's open-weight models (providers.md §4) as served by vLLM or a host (Cloud.ru, SECONDARY) under
 * their Hugging Face names. Context is the native 32 768 (T-pro 2.0 reaches 128K only with YaRN, which
 * depends on the deployment). Prices: UNCONFIRMED; hosting prices belong to the host, so these are
 * estimates (RUB per 1M tokens, VAT included) to be overridden by configuration.
 */
export const TBANK_MODELS: ModelInfo[] = [
  defineModel("tbank", {
    id: "tbank/T-pro-it-2.0",
    upstreamModel: "t-tech/T-pro-it-2.0",
    name: "T-Pro IT 2.0",
    contextLength: 32768,
    price: { input: 80, output: 80, status: "estimate" },
    tools: true, // needs the server's tool-call parser; which parser T-pro recommends is UNCONFIRMED.
  }),
  defineModel("tbank", {
    id: "tbank/T-pro-it-1.0",
    upstreamModel: "t-tech/T-pro-it-1.0",
    name: "T-Pro IT 1.0",
    contextLength: 32768,
    price: { input: 80, output: 80, status: "estimate" },
    tools: false, // UNCONFIRMED
  }),
  defineModel("tbank", {
    id: "tbank/T-lite-it-1.0",
    upstreamModel: "t-tech/T-lite-it-1.0",
    name: "T-Lite IT 1.0",
    contextLength: 32768, // UNCONFIRMED for T-lite (Qwen2.5 7B-class default).
    price: { input: 20, output: 20, status: "estimate" },
    tools: false, // UNCONFIRMED
  }),
];

/**
 * Upstream names of the models with the thinking switch (`chat_template_kwargs.enable_thinking`, Qwen3's
 * template, §4.2): only these think. The 1.0 models are Qwen2.5-based and never do. For an emulator's
 * `thinkingModels`.
 */
export const TBANK_THINKING_MODELS: string[] = ["t-tech/T-pro-it-2.0"];
