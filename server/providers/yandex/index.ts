import { z } from "zod";
import { httpUrl, LABELS, optionalSecret } from "../credential-schemas";
import { defineProvider } from "../descriptor";
import { createYandexProvider, type YandexProviderConfig } from "./adapter";
import { startYandexEmulator, YANDEX_EMULATOR_DEFAULTS } from "./emulator";
import { listYandexModels } from "./list-models";
import { YANDEX_MODELS } from "./models";
import { pastedServiceAccountKey, serviceAccountKeyFile } from "./service-account-key";
import { YANDEX_IAM_URL } from "./wire";

const BASE_URL = "https://llm.api.cloud.yandex.net";
const DATA_LOGGING = ["off", "on"] as const;

const variables = {
  YANDEX_API_KEY: z.string().min(1).optional(),
  YANDEX_SERVICE_ACCOUNT_KEY_FILE: serviceAccountKeyFile.optional(),
  YANDEX_IAM_TOKEN: z.string().min(1).optional(),
  YANDEX_FOLDER_ID: z.string().min(1).optional(),
  YANDEX_BASE_URL: z.url().default(BASE_URL),
  YANDEX_IAM_URL: z.url().default(YANDEX_IAM_URL),
  YANDEX_DATA_LOGGING: z.enum(DATA_LOGGING).default("off"),
};

/**
 * YandexGPT: an API key, a service account's authorized key (IAM tokens renewed by iam.ts) or an IAM token, plus
 * the folder; the native foundationModels API and the OpenAI-compatible one for models served only there. Requests
 * ask Yandex not to log them unless the account allows it. Its embeddings take one text per call at 10 requests/s,
 * so the adapter keeps the fan-out small (adapter.ts).
 */
export const yandex = defineProvider<YandexProviderConfig, typeof variables>({
  id: "yandex",
  name: { ru: "YandexGPT", en: "YandexGPT" },
  env: {
    variables,
    settings: (env) =>
      (env.YANDEX_API_KEY || env.YANDEX_SERVICE_ACCOUNT_KEY_FILE || env.YANDEX_IAM_TOKEN) && env.YANDEX_FOLDER_ID
        ? {
            apiKey: env.YANDEX_API_KEY,
            serviceAccountKey: env.YANDEX_SERVICE_ACCOUNT_KEY_FILE,
            iamToken: env.YANDEX_IAM_TOKEN,
            folderId: env.YANDEX_FOLDER_ID,
            baseUrl: env.YANDEX_BASE_URL,
            iamUrl: env.YANDEX_IAM_URL,
            dataLogging: env.YANDEX_DATA_LOGGING,
          }
        : undefined,
  },
  credentials: {
    schema: z
      .object({
        apiKey: optionalSecret,
        serviceAccountKey: pastedServiceAccountKey,
        iamToken: optionalSecret,
        folderId: z.string().trim().min(1, "required").max(200),
        baseUrl: httpUrl.default(BASE_URL),
        iamUrl: httpUrl.default(YANDEX_IAM_URL),
        dataLogging: z.enum(DATA_LOGGING).default("off"),
      })
      .refine((v) => v.apiKey || v.serviceAccountKey || v.iamToken, {
        message: "an API key, a service account key or an IAM token is required",
        path: ["apiKey"],
      }),
    fields: [
      { name: "apiKey", label: LABELS.apiKey, secret: true },
      {
        name: "serviceAccountKey",
        label: {
          ru: "Авторизованный ключ сервисного аккаунта (JSON-файл целиком)",
          en: "Service account authorized key (the whole JSON file)",
        },
        secret: true,
        multiline: true,
        placeholder: '{"id": "aje…", "service_account_id": "aje…", "private_key": "…"}',
      },
      {
        name: "iamToken",
        label: { ru: "IAM-токен (живёт до 12 часов)", en: "IAM token (lives up to 12 hours)" },
        secret: true,
      },
      { name: "folderId", label: { ru: "ID каталога (folder id)", en: "Folder ID" }, required: true },
      { name: "baseUrl", label: LABELS.baseUrl, placeholder: BASE_URL },
      {
        name: "iamUrl",
        label: { ru: "Адрес IAM (обмен ключа на токен)", en: "IAM URL (key for token exchange)" },
        placeholder: YANDEX_IAM_URL,
      },
      {
        name: "dataLogging",
        label: { ru: "Разрешить Яндексу логировать запросы", en: "Let Yandex log the requests" },
        // Off first (preselected): users' prompts are not logged by the provider unless the admin allows it.
        options: [
          {
            value: "off",
            label: { ru: "нет (x-data-logging-enabled: false)", en: "no (x-data-logging-enabled: false)" },
          },
          { value: "on", label: { ru: "да", en: "yes" } },
        ],
      },
    ],
  },
  parameters: { dropped: ["top_p", "stop", "seed", "presence_penalty", "frequency_penalty"] },
  // 10 concurrent synchronous generations per cloud (providers.md §2, "Квоты и ограничения").
  concurrency: 10,
  models: YANDEX_MODELS,
  createAdapter: (settings, { store }) => createYandexProvider(settings, { store }),
  listModels: (settings, { store, signal }) => listYandexModels(settings, store, signal),
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
