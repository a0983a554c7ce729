import { readFileSync } from "node:fs";
import type { Config } from "../config";
import type { EgressPolicy } from "../net/egress-guard";
import type { Store } from "../store/types";
import { createGigaChatProvider, type GigaChatProviderConfig } from "./gigachat/adapter";
import { createMtsProvider } from "./mts/adapter";
import { createTBankProvider } from "./tbank/adapter";
import { GIGACHAT_MODELS } from "./gigachat/models";
import { MTS_MODELS } from "./mts/models";
import { TBANK_MODELS } from "./tbank/models";
import type { ModelInfo, Provider, ProviderId } from "./types";
import { YANDEX_MODELS } from "./yandex/models";
import { createYandexProvider, type YandexProviderConfig } from "./yandex/adapter";

type UrlAndKey = { apiKey?: string; baseUrl: string; egress?: EgressPolicy };

/** Which providers this server can reach, and how. A provider without settings is not offered. */
export interface ProviderSettings {
  gigachat?: Omit<GigaChatProviderConfig, "store">;
  yandex?: YandexProviderConfig;
  mts?: UrlAndKey;
  tbank?: UrlAndKey;
}

/** Providers configured by real credentials in the environment. */
export function settingsFromConfig(config: Config): ProviderSettings {
  const settings: ProviderSettings = {};
  if (config.GIGACHAT_CREDENTIALS) {
    settings.gigachat = {
      credentials: config.GIGACHAT_CREDENTIALS,
      scope: config.GIGACHAT_SCOPE,
      authUrl: config.GIGACHAT_AUTH_URL,
      baseUrl: config.GIGACHAT_BASE_URL,
      // The operator's file; admins paste certificates as text instead (a path would let them read any file).
      caBundle: config.GIGACHAT_CA_BUNDLE_FILE ? readFileSync(config.GIGACHAT_CA_BUNDLE_FILE, "utf8") : undefined,
    };
  }
  if ((config.YANDEX_API_KEY || config.YANDEX_IAM_TOKEN) && config.YANDEX_FOLDER_ID) {
    settings.yandex = {
      apiKey: config.YANDEX_API_KEY,
      iamToken: config.YANDEX_IAM_TOKEN,
      folderId: config.YANDEX_FOLDER_ID,
      baseUrl: config.YANDEX_BASE_URL,
    };
  }
  if (config.MWS_API_KEY) settings.mts = { apiKey: config.MWS_API_KEY, baseUrl: config.MWS_BASE_URL };
  // T-models are open weights: a self-hosted vLLM may need no key, so the base URL alone enables them.
  if (config.TBANK_BASE_URL) settings.tbank = { apiKey: config.TBANK_API_KEY, baseUrl: config.TBANK_BASE_URL };
  return settings;
}

const factories: { [K in ProviderId]: (settings: NonNullable<ProviderSettings[K]>, store: Store) => Provider } = {
  gigachat: (s, store) => createGigaChatProvider({ ...s, store }),
  yandex: (s) => createYandexProvider(s),
  mts: (s) => createMtsProvider(s),
  tbank: (s) => createTBankProvider(s),
};

/** Every provider's model list, for the catalog. */
export const ALL_MODELS: ModelInfo[] = [...GIGACHAT_MODELS, ...YANDEX_MODELS, ...MTS_MODELS, ...TBANK_MODELS];

export const PROVIDER_IDS = Object.keys(factories) as ProviderId[];

/** One adapter for one provider account's settings. */
export function createProvider<K extends ProviderId>(id: K, settings: NonNullable<ProviderSettings[K]>, store: Store): Provider {
  return (factories[id] as (s: unknown, store: Store) => Provider)(settings, store);
}

export function createProviders(settings: ProviderSettings, store: Store): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const id of PROVIDER_IDS) {
    const s = settings[id];
    if (s) providers.set(id, createProvider(id, s, store));
  }
  return providers;
}
