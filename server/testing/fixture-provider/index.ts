import { z } from "zod";
import { httpUrl, secret } from "../../providers/credential-schemas";
import { defineProvider } from "../../providers/descriptor";
import { createOpenAICompatibleProvider } from "../../providers/openai-compatible/adapter";
import { startOpenAICompatibleEmulator } from "../../providers/openai-compatible/emulator";
import type { ChatRequest } from "../../providers/openai";
import { defineModel } from "../../providers/openai-compatible/models";
import type { EgressPolicy } from "../../net/egress-guard";

const variables = {
  FIXTURE_API_KEY: z.string().min(1).optional(),
  FIXTURE_BASE_URL: z.url().default("https://fixture.example/v1"),
};

/** What its upstream refuses: the adapter leaves it out, and the descriptor says so (routing reads it). */
const dropped: (keyof ChatRequest)[] = ["seed"];

const models = [
  defineModel("fixture", { id: "fixture/echo-1", upstreamModel: "echo-1", name: "Fixture Echo 1", contextLength: 8192, price: { input: 7, output: 9, status: "estimate" } }),
];

/**
 * A fifth provider that exists only in tests: an OpenAI-compatible upstream (the shared adapter over the shared
 * emulator) that drops `seed`. fixture-provider.test.ts adds it to the registry's list and nothing else.
 */
export const fixtureProvider = defineProvider<{ apiKey: string; baseUrl: string; egress?: EgressPolicy }, typeof variables>({
  id: "fixture",
  name: { ru: "Фикстура", en: "Fixture" },
  env: {
    variables,
    settings: (env) => (env.FIXTURE_API_KEY ? { apiKey: env.FIXTURE_API_KEY, baseUrl: env.FIXTURE_BASE_URL } : undefined),
  },
  credentials: {
    schema: z.object({ apiKey: secret, baseUrl: httpUrl }),
    fields: [
      { name: "apiKey", label: { ru: "Ключ фикстуры", en: "Fixture key" }, secret: true, required: true },
      { name: "baseUrl", label: { ru: "Адрес фикстуры", en: "Fixture URL" }, required: true, placeholder: "https://fixture.example/v1" },
    ],
  },
  parameters: { dropped },
  concurrency: 3,
  models,
  createAdapter: (settings) => createOpenAICompatibleProvider({ id: "fixture", ...settings, models, quirks: { dropParams: dropped } }),
  async startEmulator() {
    const emulator = await startOpenAICompatibleEmulator({ apiKey: "fixture-key", models: models.map((m) => m.upstreamModel) });
    return { emulator, env: { FIXTURE_API_KEY: "fixture-key", FIXTURE_BASE_URL: emulator.baseUrl } };
  },
});
