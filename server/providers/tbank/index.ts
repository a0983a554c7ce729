import { z } from "zod";
import { httpUrl, LABELS, optionalSecret } from "../credential-schemas";
import { defineProvider } from "../descriptor";
import { startOpenAICompatibleEmulator } from "../openai-compatible/emulator";
import { listOpenAICompatibleModels } from "../openai-compatible/list-models";
import { createTBankProvider, tbankThinkingSwitch, type TBankSettings } from "./adapter";
import { TBANK_MODELS, TBANK_THINKING_MODELS } from "./models";

const variables = {
  TBANK_API_KEY: z.string().min(1).optional(),
  TBANK_BASE_URL: z.url().optional(),
  /** `vllm`: the host takes `chat_template_kwargs` (the thinking switch); `other`: it may refuse unknown fields. */
  TBANK_HOST: z.enum(["vllm", "other"]).default("vllm"),
};

const DEMO_KEY = "demo-key";

/** T-Bank's open-weight T-Pro / T-Lite on an OpenAI-compatible host (Cloud.ru, or a self-hosted vLLM). */
export const tbank = defineProvider<TBankSettings, typeof variables>({
  id: "tbank",
  name: { ru: "T-Bank T-Pro / T-Lite", en: "T-Bank T-Pro / T-Lite" },
  env: {
    variables,
    // Open weights: a self-hosted vLLM may need no key, so the base URL alone enables them.
    settings: (env) =>
      env.TBANK_BASE_URL ? { apiKey: env.TBANK_API_KEY, baseUrl: env.TBANK_BASE_URL, host: env.TBANK_HOST } : undefined,
  },
  credentials: {
    schema: z.object({ apiKey: optionalSecret, baseUrl: httpUrl, host: z.enum(["vllm", "other"]).default("vllm") }),
    fields: [
      { name: "apiKey", label: LABELS.apiKey, secret: true },
      { name: "baseUrl", label: LABELS.baseUrl, required: true, placeholder: "https://vllm.example.ru/v1" },
      {
        name: "host",
        label: { ru: "Сервер моделей", en: "Model server" },
        required: true,
        options: [
          {
            value: "vllm",
            label: {
              ru: "vLLM-совместимый (переключатель рассуждений — chat_template_kwargs)",
              en: "vLLM-compatible (thinking switch: chat_template_kwargs)",
            },
          },
          {
            value: "other",
            label: {
              ru: "другой (Cloud.ru и т. п.): без полей vLLM, /think и /no_think в промпте",
              en: "other (Cloud.ru etc.): no vLLM fields, /think and /no_think in the prompt",
            },
          },
        ],
      },
    ],
  },
  parameters: { dropped: [] },
  // The host's or the vLLM deployment's own limit (providers.md §4); vLLM batches concurrent requests by design.
  concurrency: 100,
  models: TBANK_MODELS,
  createAdapter: (settings) => createTBankProvider(settings),
  listModels: (settings, { signal }) => listOpenAICompatibleModels(settings, signal),
  thinkingSwitch: (settings, upstreamModel) => tbankThinkingSwitch(settings.host, upstreamModel),
  async startEmulator() {
    const emulator = await startOpenAICompatibleEmulator({
      apiKey: DEMO_KEY,
      models: TBANK_MODELS.map((m) => m.upstreamModel),
      reasoningField: "reasoning",
      thinkingModels: TBANK_THINKING_MODELS,
    });
    return { emulator, env: { TBANK_API_KEY: DEMO_KEY, TBANK_BASE_URL: emulator.baseUrl, TBANK_HOST: "vllm" } };
  },
});
