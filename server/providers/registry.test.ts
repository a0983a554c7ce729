import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseConfig } from "../config";
import { MemoryStore } from "../store/memory";
import { startDemoProviders } from "./demo";
import type { RunningEmulator } from "./emulator/server";
import { settingsFromEnvironment, type ProviderSettings } from "./env-settings";
import { accountConcurrency, createProvider } from "./lookup";
import type { ChatRequest } from "./openai";
import { PROVIDERS } from "./registry";

describe("the providers' environment variables", () => {
  it("keep their names and defaults, and configure an account only when its credentials are set", () => {
    expect(settingsFromEnvironment({})).toEqual({});
    const settings = settingsFromEnvironment({ GIGACHAT_CREDENTIALS: "c2VjcmV0", YANDEX_API_KEY: "AQVN-k", YANDEX_FOLDER_ID: "b1g", MWS_API_KEY: "sk", TBANK_BASE_URL: "http://vllm.local:8000/v1" });
    expect(settings).toEqual({
      gigachat: { credentials: "c2VjcmV0", scope: "GIGACHAT_API_PERS", authUrl: "https://ngw.devices.sberbank.ru:9443/api/v2/oauth", baseUrl: "https://gigachat.devices.sberbank.ru/api/v1", caBundle: undefined },
      yandex: { apiKey: "AQVN-k", iamToken: undefined, folderId: "b1g", baseUrl: "https://llm.api.cloud.yandex.net", iamUrl: "https://iam.api.cloud.yandex.net/iam/v1/tokens", dataLogging: "off" },
      mts: { apiKey: "sk", baseUrl: "https://api.gpt.mws.ru/v1" },
      tbank: { apiKey: undefined, baseUrl: "http://vllm.local:8000/v1", host: "vllm" },
    });
    // Yandex needs its folder as well as a key; an empty value counts as unset.
    expect(settingsFromEnvironment({ YANDEX_IAM_TOKEN: "t1", MWS_API_KEY: "" })).toEqual({});
  });

  it.each([
    [{ GIGACHAT_SCOPE: "GIGACHAT_API_NOPE" }, "GIGACHAT_SCOPE"],
    [{ GIGACHAT_BASE_URL: "not a url" }, "GIGACHAT_BASE_URL"],
    [{ YANDEX_BASE_URL: "nope" }, "YANDEX_BASE_URL"],
    [{ TBANK_BASE_URL: "vllm host" }, "TBANK_BASE_URL"],
  ])("rejects %o naming %s", (env, variable) => {
    expect(() => settingsFromEnvironment(env)).toThrow(ConfigError);
    expect(() => settingsFromEnvironment(env)).toThrow(new RegExp(`^${variable}: `));
  });

  it("belong to one provider each, and not to the process's own settings", () => {
    const names = PROVIDERS.flatMap((p) => Object.keys(p.env.variables));
    expect(new Set(names).size).toBe(names.length);
    const processSettings = Object.keys(parseConfig({}));
    expect(names.filter((name) => processSettings.includes(name))).toEqual([]);
  });
});

describe("each descriptor", () => {
  it.each(PROVIDERS.map((p) => [p.id, p] as const))("%s: models under its id, form fields that are its schema's keys", (id, provider) => {
    expect(provider.models.length).toBeGreaterThan(0);
    for (const model of provider.models) {
      expect(model.provider).toBe(id);
      expect(model.id.startsWith(`${id}/`)).toBe(true);
    }
    const keys = Object.keys((provider.credentials.schema as z.ZodObject).shape);
    expect(provider.credentials.fields.map((f) => f.name)).toEqual(keys);
  });

  it("gives one default concurrency: the published quota, GigaChat's by scope", () => {
    expect(accountConcurrency("gigachat", { scope: "GIGACHAT_API_PERS" })).toBe(1);
    expect(accountConcurrency("gigachat", { scope: "GIGACHAT_API_B2B" })).toBe(10);
    expect(accountConcurrency("gigachat", { scope: "GIGACHAT_API_CORP" })).toBe(10);
    expect(accountConcurrency("yandex", {})).toBe(10);
    expect(accountConcurrency("mts", {})).toBe(100);
    expect(accountConcurrency("tbank", {})).toBe(100);
  });
});

describe("the parameters a descriptor says its adapter drops", () => {
  let emulators: RunningEmulator[] = [];
  let settings: ProviderSettings;
  beforeAll(async () => {
    ({ emulators, settings } = await startDemoProviders());
  });
  afterAll(() => Promise.all(emulators.map((e) => e.close())));

  const sampling = { temperature: 0.5, top_p: 0.9, stop: ["\n\n"], seed: 7, presence_penalty: 0.1, frequency_penalty: 0.1 } satisfies Partial<ChatRequest>;

  it.each(PROVIDERS.map((p) => [p.id, p] as const))("%s: are the ones it drops", async (id, provider) => {
    const adapter = createProvider(id, settings[id]!, new MemoryStore());
    const model = provider.models.find((m) => m.kind === "chat")!;
    const req = { model: model.upstreamModel, max_tokens: 16, messages: [{ role: "user" as const, content: "hello" }], ...sampling } as ChatRequest;
    const { dropped } = await adapter.chat(req, { requestId: `req_${id}`, signal: AbortSignal.timeout(10_000) });
    const asked = Object.keys(sampling);
    expect(dropped.filter((p) => asked.includes(p)).sort()).toEqual(provider.parameters.dropped.filter((p) => asked.includes(p)).sort());
  });
});
