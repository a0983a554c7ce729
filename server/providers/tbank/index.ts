import { z } from "zod";
import { httpUrl, LABELS, optionalSecret } from "../credential-schemas";
import { defineProvider } from "../descriptor";
import { startOpenAICompatibleEmulator } from "../openai-compatible/emulator";
import { createTBankProvider } from "./adapter";
import { TBANK_MODELS, TBANK_THINKING_MODELS } from "./models";

const variables = {
  TBANK_API_KEY: z.string().min(1).optional(),
  TBANK_BASE_URL: z.url().optional(),
};

const DEMO_KEY = "demo-key";

/** T-Bank's open-weight T-Pro / T-Lite on an OpenAI-compatible host (Cloud.ru, or a self-hosted vLLM). */
export const tbank = defineProvider<Parameters<typeof createTBankProvider>[0], typeof variables>({
  id: "tbank",
  name: { ru: "T-Bank T-Pro / T-Lite", en: "T-Bank T-Pro / T-Lite" },
  env: {
    variables,
    // Open weights: a self-hosted vLLM may need no key, so the base URL alone enables them.
    settings: (env) => (env.TBANK_BASE_URL ? { apiKey: env.TBANK_API_KEY, baseUrl: env.TBANK_BASE_URL } : undefined),
  },
  credentials: {
    schema: z.object({ apiKey: optionalSecret, baseUrl: httpUrl }),
    fields: [
      { name: "apiKey", label: LABELS.apiKey, secret: true },
      { name: "baseUrl", label: LABELS.baseUrl, required: true, placeholder: "https://vllm.example.ru/v1" },
    ],
  },
  parameters: { dropped: [] },
  // The host's or the vLLM deployment's own limit (providers.md §4); vLLM batches concurrent requests by design.
  concurrency: 100,
  models: TBANK_MODELS,
  createAdapter: (settings) => createTBankProvider(settings),
  async startEmulator() {
    const emulator = await startOpenAICompatibleEmulator({
      apiKey: DEMO_KEY,
      models: TBANK_MODELS.map((m) => m.upstreamModel),
      reasoningField: "reasoning",
      thinkingModels: TBANK_THINKING_MODELS,
    });
    return { emulator, env: { TBANK_API_KEY: DEMO_KEY, TBANK_BASE_URL: emulator.baseUrl } };
  },
});
