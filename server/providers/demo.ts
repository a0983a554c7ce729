import type { RunningEmulator } from "./emulator/server";
import { startGigaChatEmulator } from "./gigachat/emulator";
import { MTS_MODELS } from "./mts/models";
import { startOpenAICompatibleEmulator } from "./openai-compatible/emulator";
import type { ProviderSettings } from "./registry";
import { TBANK_MODELS } from "./tbank/models";
import { startYandexEmulator, YANDEX_EMULATOR_DEFAULTS } from "./yandex/emulator";

/** Demo mode: every provider is served by its built-in emulator on 127.0.0.1. */
export async function startDemoProviders(): Promise<{ settings: ProviderSettings; emulators: RunningEmulator[] }> {
  const demoKey = "demo-key";
  const [gigachat, yandex, mts, tbank] = await Promise.all([
    startGigaChatEmulator(),
    startYandexEmulator(),
    startOpenAICompatibleEmulator({ apiKey: demoKey, models: MTS_MODELS.map((m) => m.upstreamModel) }),
    startOpenAICompatibleEmulator({ apiKey: demoKey, models: TBANK_MODELS.map((m) => m.upstreamModel), reasoningField: "reasoning" }),
  ]);
  return {
    emulators: [gigachat, yandex, mts, tbank],
    settings: {
      gigachat: {
        credentials: Buffer.from("demo-client:demo-secret").toString("base64"),
        scope: "GIGACHAT_API_PERS",
        authUrl: gigachat.authUrl,
        baseUrl: gigachat.baseUrl,
      },
      yandex: { apiKey: YANDEX_EMULATOR_DEFAULTS.apiKey, folderId: YANDEX_EMULATOR_DEFAULTS.folderId, baseUrl: yandex.baseUrl },
      mts: { apiKey: demoKey, baseUrl: mts.baseUrl },
      tbank: { apiKey: demoKey, baseUrl: tbank.baseUrl },
    },
  };
}
