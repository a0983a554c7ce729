import { defineModel } from "../openai-compatible/models";
import type { ModelInfo } from "../types";

/**
 * T-Bank's open-weight models (providers.md §4) as served by vLLM or a host (Cloud.ru, SECONDARY) under
 * their Hugging Face names. Context is the native 32 768 (T-pro 2.0 reaches 128K only with YaRN, which
 * depends on the deployment). Prices: UNCONFIRMED; hosting prices belong to the host, so these are
 * estimates (RUB per 1M tokens, VAT included) to be overridden by configuration.
 */
export const TBANK_MODELS: ModelInfo[] = [
  // CONFIRMED name (Hugging Face t-tech "T-pro-2.1" collection, 33B, Dec 2025): the Qwen3-32B-based update of
  // 2.0 with better instruction following and tool calling. Its context is the Qwen3-32B native 32K: UNCONFIRMED.
  defineModel("tbank", {
    id: "tbank/T-pro-it-2.1",
    upstreamModel: "t-tech/T-pro-it-2.1",
    name: "T-Pro IT 2.1",
    contextLength: 32768,
    price: { input: 80, output: 80, status: "estimate" },
    tools: true,
  }),
  // CONFIRMED name (Hugging Face t-tech "T-lite-2.1" collection, 8B, Dec 2025); Qwen3 architecture with tool
  // calling and a 32 768 context: SECONDARY (its Ollama and featherless.ai pages).
  defineModel("tbank", {
    id: "tbank/T-lite-it-2.1",
    upstreamModel: "t-tech/T-lite-it-2.1",
    name: "T-Lite IT 2.1",
    contextLength: 32768,
    price: { input: 20, output: 20, status: "estimate" },
    tools: true,
  }),
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
 * template, §4.2): only these think. The 1.0 models are Qwen2.5-based and never do; the 2.1 models are instruct
 * models that answer without reasoning (T-Bank's Habr post on 2.1, SECONDARY; whether their template still takes
 * the switch is UNCONFIRMED). For an emulator's `thinkingModels`.
 */
export const TBANK_THINKING_MODELS: string[] = ["t-tech/T-pro-it-2.0"];
