import { z } from "zod";
import { httpUrl, LABELS, optionalSecret } from "../credential-schemas";
import { defineProvider } from "../descriptor";
import { createYandexProvider, type YandexProviderConfig } from "./adapter";
import { startYandexEmulator, YANDEX_EMULATOR_DEFAULTS } from "./emulator";
import { YANDEX_MODELS } from "./models";

const BASE_URL = "https://llm.api.cloud.yandex.net";

const variables = {
  YANDEX_API_KEY: z.string().min(1).optional(),
  YANDEX_IAM_TOKEN: z.string().min(1).optional(),
  YANDEX_FOLDER_ID: z.string().min(1).optional(),
  YANDEX_BASE_URL: z.url().default(BASE_URL),
};

/**
 * YandexGPT: an API key or an IAM token plus the folder, the native foundationModels API and the OpenAI-compatible
 * one for models served only there. Its embeddings take one text per call at 10 requests/s, so the adapter keeps
 * the fan-out small (adapter.ts).
 */
export const yandex = defineProvider<YandexProviderConfig, typeof variables>({
  id: "yandex",
  name: { ru: "YandexGPT", en: "YandexGPT" },
  env: {
    variables,
    settings: (env) =>
      (env.YANDEX_API_KEY || env.YANDEX_IAM_TOKEN) && env.YANDEX_FOLDER_ID
        ? {
            apiKey: env.YANDEX_API_KEY,
            iamToken: env.YANDEX_IAM_TOKEN,
            folderId: env.YANDEX_FOLDER_ID,
            baseUrl: env.YANDEX_BASE_URL,
          }
        : undefined,
  },
  credentials: {
    schema: z
      .object({
        apiKey: optionalSecret,
        iamToken: optionalSecret,
        folderId: z.string().trim().min(1, "required").max(200),
        baseUrl: httpUrl.default(BASE_URL),
      })
      .refine((v) => v.apiKey || v.iamToken, { message: "an API key or an IAM token is required", path: ["apiKey"] }),
    fields: [
      { name: "apiKey", label: LABELS.apiKey, secret: true },
      { name: "iamToken", label: { ru: "IAM-токен", en: "IAM token" }, secret: true },
      { name: "folderId", label: { ru: "ID каталога (folder id)", en: "Folder ID" }, required: true },
      { name: "baseUrl", label: LABELS.baseUrl, placeholder: BASE_URL },
    ],
  },
  parameters: { dropped: ["top_p", "stop", "seed", "presence_penalty", "frequency_penalty"] },
  // 10 concurrent synchronous generations per cloud (providers.md §2, "Квоты и ограничения").
  concurrency: 10,
  models: YANDEX_MODELS,
  createAdapter: (settings) => createYandexProvider(settings),
  async startEmulator() {
    const emulator = await startYandexEmulator();
    return {
      emulator,
      env: {
        YANDEX_API_KEY: YANDEX_EMULATOR_DEFAULTS.apiKey,
        YANDEX_FOLDER_ID: YANDEX_EMULATOR_DEFAULTS.folderId,
        YANDEX_BASE_URL: emulator.baseUrl,
      },
    };
  },
});
