import { z } from "zod";
import { httpUrl, LABELS, secret } from "../credential-schemas";
import { defineProvider } from "../descriptor";
import { startOpenAICompatibleEmulator } from "../openai-compatible/emulator";
import { listOpenAICompatibleModels } from "../openai-compatible/list-models";
import { createMtsProvider, MTS_DEFAULT_BASE_URL } from "./adapter";
import { MTS_MODELS } from "./models";

const variables = {
  MWS_API_KEY: z.string().min(1).optional(),
  MWS_BASE_URL: z.url().default(MTS_DEFAULT_BASE_URL),
};

const DEMO_KEY = "demo-key";

/** MTS MWS GPT: an OpenAI-compatible API (the shared base) with a key. */
export const mts = defineProvider<Parameters<typeof createMtsProvider>[0], typeof variables>({
  id: "mts",
  name: { ru: "MTS MWS GPT", en: "MTS MWS GPT" },
  env: {
    variables,
    settings: (env) => (env.MWS_API_KEY ? { apiKey: env.MWS_API_KEY, baseUrl: env.MWS_BASE_URL } : undefined),
  },
  credentials: {
    schema: z.object({ apiKey: secret, baseUrl: httpUrl.default(MTS_DEFAULT_BASE_URL) }),
    fields: [
      { name: "apiKey", label: LABELS.apiKey, secret: true, required: true },
      { name: "baseUrl", label: LABELS.baseUrl, placeholder: MTS_DEFAULT_BASE_URL },
    ],
  },
  parameters: { dropped: [] },
  // MWS publishes no concurrency quota (providers.md §3, UNCONFIRMED): a high cap, so that its own 429s (which cool
  // the account down) set the pace rather than ours (`routes_busy`).
  concurrency: 100,
  models: MTS_MODELS,
  createAdapter: (settings) => createMtsProvider(settings),
  listModels: (settings, { signal }) => listOpenAICompatibleModels(settings, signal),
  async startEmulator() {
    const emulator = await startOpenAICompatibleEmulator({
      apiKey: DEMO_KEY,
      models: MTS_MODELS.map((m) => m.upstreamModel),
      visionModels: MTS_MODELS.filter((m) => m.features.vision).map((m) => m.upstreamModel),
    });
    return { emulator, env: { MWS_API_KEY: DEMO_KEY, MWS_BASE_URL: emulator.baseUrl } };
  },
});
