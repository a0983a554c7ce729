import { readFileSync } from "node:fs";
import { z } from "zod";
import { httpUrl, LABELS, pemBundle, secret } from "../credential-schemas";
import { defineProvider } from "../descriptor";
import { createGigaChatProvider, type GigaChatProviderConfig } from "./adapter";
import { authorizationKey, GIGACHAT_EMULATOR_DEFAULTS, startGigaChatEmulator } from "./emulator";
import { listGigaChatModels } from "./list-models";
import { GIGACHAT_MODELS } from "./models";

type GigaChatSettings = Omit<GigaChatProviderConfig, "store">;

const SCOPES = ["GIGACHAT_API_PERS", "GIGACHAT_API_B2B", "GIGACHAT_API_CORP"] as const;
const AUTH_URL = "https://ngw.devices.sberbank.ru:9443/api/v2/oauth";
const BASE_URL = "https://gigachat.devices.sberbank.ru/api/v1";

const variables = {
  GIGACHAT_CREDENTIALS: z.string().min(1).optional(),
  GIGACHAT_SCOPE: z.enum(SCOPES).default("GIGACHAT_API_PERS"),
  GIGACHAT_AUTH_URL: z.url().default(AUTH_URL),
  GIGACHAT_BASE_URL: z.url().default(BASE_URL),
  GIGACHAT_CA_BUNDLE_FILE: z.string().min(1).optional(),
};

/** Sber GigaChat: OAuth by authorization key and scope, its own wire format (transform.ts), X-Session-ID. */
export const gigachat = defineProvider<GigaChatSettings, typeof variables>({
  id: "gigachat",
  name: { ru: "Sber GigaChat", en: "Sber GigaChat" },
  env: {
    variables,
    settings: (env) =>
      env.GIGACHAT_CREDENTIALS
        ? {
            credentials: env.GIGACHAT_CREDENTIALS,
            scope: env.GIGACHAT_SCOPE,
            authUrl: env.GIGACHAT_AUTH_URL,
            baseUrl: env.GIGACHAT_BASE_URL,
            // The operator's file; admins paste certificates as text instead (a path would let them read any file).
            caBundle: env.GIGACHAT_CA_BUNDLE_FILE ? readFileSync(env.GIGACHAT_CA_BUNDLE_FILE, "utf8") : undefined,
          }
        : undefined,
  },
  credentials: {
    schema: z.object({
      credentials: secret,
      scope: z.enum(SCOPES),
      authUrl: httpUrl.default(AUTH_URL),
      baseUrl: httpUrl.default(BASE_URL),
      caBundle: pemBundle,
    }),
    fields: [
      {
        name: "credentials",
        label: { ru: "Ключ авторизации (Authorization key)", en: "Authorization key" },
        secret: true,
        required: true,
      },
      {
        name: "scope",
        label: { ru: "Scope", en: "Scope" },
        required: true,
        // Quotas (providers.md §1.11): individuals get one stream, companies 10 by default.
        options: [
          { value: "GIGACHAT_API_PERS", label: { ru: "физлица (PERS)", en: "individuals (PERS)" }, concurrency: 1 },
          { value: "GIGACHAT_API_B2B", label: { ru: "компании, предоплата (B2B)", en: "companies, prepaid (B2B)" } },
          {
            value: "GIGACHAT_API_CORP",
            label: { ru: "компании, постоплата (CORP)", en: "companies, postpaid (CORP)" },
          },
        ],
      },
      { name: "authUrl", label: { ru: "Адрес OAuth", en: "OAuth URL" }, placeholder: AUTH_URL },
      { name: "baseUrl", label: LABELS.baseUrl, placeholder: BASE_URL },
      {
        name: "caBundle",
        label: {
          ru: "Сертификаты CA (PEM, вставьте текст), необязательно",
          en: "CA certificates (PEM, paste the text), optional",
        },
        multiline: true,
        placeholder: "-----BEGIN CERTIFICATE-----",
      },
    ],
  },
  // GigaChat has no stop sequences, penalties or seed, and makes one function call per turn (providers.md §1).
  parameters: {
    dropped: ["stop", "presence_penalty", "frequency_penalty", "seed", "parallel_tool_calls"],
    sessionHeader: "X-Session-ID",
  },
  concurrency: 10,
  models: GIGACHAT_MODELS,
  createAdapter: (settings, { store }) => createGigaChatProvider({ ...settings, store }),
  listModels: (settings, { store, signal }) => listGigaChatModels({ ...settings, store }, signal),
  async startEmulator() {
    const emulator = await startGigaChatEmulator();
    return {
      emulator,
      env: {
        GIGACHAT_CREDENTIALS: authorizationKey(GIGACHAT_EMULATOR_DEFAULTS),
        GIGACHAT_SCOPE: GIGACHAT_EMULATOR_DEFAULTS.scope,
        GIGACHAT_AUTH_URL: emulator.authUrl,
        GIGACHAT_BASE_URL: emulator.baseUrl,
      },
    };
  },
});
