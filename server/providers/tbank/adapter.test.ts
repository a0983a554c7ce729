import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, ctx, describeOpenAICompatibleConformance } from "../openai-compatible/conformance";
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from "../openai-compatible/emulator";
import type { ChatRequest } from "../openai";
import { createTBankProvider, withSoftSwitch } from "./adapter";
import { tbank } from "./index";
import { TBANK_MODELS, TBANK_THINKING_MODELS } from "./models";

describeOpenAICompatibleConformance("tbank", {
  createProvider: (config) => createTBankProvider(config),
  chatModel: "t-tech/T-pro-it-2.0",
  embeddingModel: "BAAI/bge-m3",
});

describe("tbank thinking switch", () => {
  let emulator: OpenAICompatibleEmulator;
  beforeAll(async () => {
    emulator = await startOpenAICompatibleEmulator({
      reasoningField: "reasoning_content",
      models: TBANK_MODELS.map((m) => m.upstreamModel),
      thinkingModels: TBANK_THINKING_MODELS,
    });
  });
  afterAll(async () => {
    await emulator.close();
    expect(emulator.violations).toEqual([]);
  });
  const sentKwargs = () => (emulator.lastRequest()?.body as { chat_template_kwargs?: unknown }).chat_template_kwargs;
  const req = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
    model: "t-tech/T-pro-it-2.0",
    messages: [{ role: "user", content: "Привет" }],
    ...extra,
  });

  it("sends enable_thinking: false by default, so no reasoning comes back", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl });
    const { completion } = await provider.chat(req(), ctx());
    expect(sentKwargs()).toEqual({ enable_thinking: false });
    expect(completion.choices[0]?.message.content).toBe("Echo: Привет");
    expect(completion.choices[0]?.message.reasoning_content).toBeUndefined();
    await collect((await provider.chatStream(req({ reasoning_effort: "minimal" }), ctx())).chunks);
    expect(sentKwargs()).toEqual({ enable_thinking: false });
  });

  it("turns thinking on when reasoning_effort asks for it, carried by the switch alone", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl });
    const { completion, dropped } = await provider.chat(req({ reasoning_effort: "medium" }), ctx());
    expect(sentKwargs()).toEqual({ enable_thinking: true });
    expect(emulator.lastRequest()?.body).not.toHaveProperty("reasoning_effort");
    expect(dropped).toEqual([]);
    expect(completion.choices[0]?.message.reasoning_content).toBe("Thinking about: Привет");
    expect((await provider.chat(req({ reasoning_effort: "minimal" }), ctx())).dropped).toEqual([]);
  });

  it("gets no reasoning from the Qwen2.5-based 1.0 models, which have no thinking switch", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl });
    const { completion } = await provider.chat(req({ model: "tbank/T-pro-it-1.0", reasoning_effort: "high" }), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: Привет");
    expect(completion.choices[0]?.message.reasoning_content).toBeUndefined();
  });

  it("resolves public ids to t-tech upstream names", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl });
    await provider.chat(req({ model: "tbank/T-lite-it-1.0" }), ctx());
    expect(emulator.lastRequest()?.body).toMatchObject({ model: "t-tech/T-lite-it-1.0" });
  });
});

describe("tbank host setting: chat_template_kwargs only to vLLM-compatible hosts", () => {
  let emulator: OpenAICompatibleEmulator;
  beforeAll(async () => {
    emulator = await startOpenAICompatibleEmulator({
      reasoningField: "reasoning_content",
      models: TBANK_MODELS.map((m) => m.upstreamModel),
      thinkingModels: TBANK_THINKING_MODELS,
    });
  });
  afterAll(async () => {
    await emulator.close();
    expect(emulator.violations).toEqual([]);
  });
  const sent = () => emulator.lastRequest()?.body as Record<string, unknown> & { messages: { role: string; content: unknown }[] };
  const req = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
    model: "t-tech/T-pro-it-2.0",
    messages: [{ role: "user", content: "Привет" }],
    ...extra,
  });

  it("a vLLM-compatible host gets the switch in chat_template_kwargs and the prompt as it was", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl, host: "vllm" });
    await provider.chat(req({ reasoning_effort: "high" }), ctx());
    expect(sent().chat_template_kwargs).toEqual({ enable_thinking: true });
    expect(sent().messages).toEqual([{ role: "user", content: "Привет" }]);
  });

  it("another host gets no vLLM field: /no_think or /think ends the system prompt instead", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl, host: "other" });
    await provider.chat(req(), ctx());
    expect(sent()).not.toHaveProperty("chat_template_kwargs");
    expect(sent()).not.toHaveProperty("reasoning_effort");
    expect(sent().messages).toEqual([
      { role: "system", content: "/no_think" },
      { role: "user", content: "Привет" },
    ]);
    await collect((await provider.chatStream(req({ reasoning_effort: "low", messages: [{ role: "system", content: "Будь краток." }, { role: "user", content: "Привет" }] }), ctx())).chunks);
    expect(sent()).not.toHaveProperty("chat_template_kwargs");
    expect(sent().messages[0]).toEqual({ role: "system", content: "Будь краток.\n/think" });
  });

  it("another host's models without a switch get their prompt untouched", async () => {
    const provider = createTBankProvider({ baseUrl: emulator.baseUrl, host: "other" });
    await provider.chat(req({ model: "tbank/T-pro-it-2.1" }), ctx());
    expect(sent()).not.toHaveProperty("chat_template_kwargs");
    expect(sent().messages).toEqual([{ role: "user", content: "Привет" }]);
    const parts = req({ messages: [{ role: "developer", content: [{ type: "text", text: "Кратко." }] }, { role: "user", content: "Привет" }] });
    expect(withSoftSwitch(parts).messages[0]).toEqual({ role: "developer", content: [{ type: "text", text: "Кратко." }, { type: "text", text: "/no_think" }] });
  });

  it("an account without the setting (stored before it existed) is a vLLM host, as the form's default", () => {
    expect(tbank.credentials.schema.parse({ baseUrl: "https://vllm.example.ru/v1" })).toMatchObject({ host: "vllm" });
    expect(tbank.env.settings({ TBANK_BASE_URL: "https://h/v1", TBANK_HOST: "other" })).toMatchObject({ host: "other" });
  });

  it("says in the catalog how each host switches thinking, for the models that have the switch", () => {
    const how = (host: "vllm" | "other", model: string) => tbank.thinkingSwitch!({ baseUrl: "https://h/v1", host }, model)?.en;
    expect(how("vllm", "t-tech/T-pro-it-2.0")).toMatch(/chat_template_kwargs\.enable_thinking/);
    expect(how("other", "t-tech/T-pro-it-2.0")).toMatch(/\/no_think in the system prompt/);
    expect(how("vllm", "t-tech/T-pro-it-2.1")).toBeUndefined();
  });
});

describe("tbank models", () => {
  it("map `tbank/<name>` to `t-tech/<name>` with a 32K context and estimated prices", () => {
    expect(TBANK_MODELS.map((m) => m.id)).toEqual(
      expect.arrayContaining(["tbank/T-pro-it-2.0", "tbank/T-lite-it-1.0"]),
    );
    expect(TBANK_MODELS.map((m) => m.upstreamModel)).toEqual(expect.arrayContaining(TBANK_THINKING_MODELS));
    for (const model of TBANK_MODELS) {
      expect(model.upstreamModel).toBe(model.id.replace(/^tbank\//, "t-tech/"));
      expect(model.contextLength).toBe(32768);
      expect(model.pricing.status).toBe("estimate");
    }
  });
});
