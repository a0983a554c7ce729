import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../api/root";
import type { GigaChatEmulator } from "../providers/gigachat/emulator";
import type { OpenAICompatibleEmulator } from "../providers/openai-compatible/emulator";
import type { YandexEmulator } from "../providers/yandex/emulator";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { flushRequests } from "./recorder";

let api: TestApi;
let key: string;
let userId: string;
let client: OpenAI;
let emulators: { gigachat: GigaChatEmulator; yandex: YandexEmulator; mts: OpenAICompatibleEmulator; tbank: OpenAICompatibleEmulator };

beforeAll(async () => {
  api = await startTestApi();
  ({ key, userId } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
  const { getRuntime } = await import("../runtime");
  // The demo providers' emulators, in startDemoProviders' order.
  const [gigachat, yandex, mts, tbank] = (await getRuntime()).emulators;
  emulators = {
    gigachat: gigachat as GigaChatEmulator,
    yandex: yandex as YandexEmulator,
    mts: mts as OpenAICompatibleEmulator,
    tbank: tbank as OpenAICompatibleEmulator,
  };
});
afterAll(() => api.close());

/** OpenRouter's fields the OpenAI SDK's types do not know, sent through the SDK's own body. */
type Extra = Record<string, unknown>;
const chat = (body: OpenAI.ChatCompletionCreateParamsNonStreaming & Extra) => client.chat.completions.create(body).withResponse();

/** The `data:` payloads of an SSE body, parsed, without [DONE]. */
async function streamEvents(body: Record<string, unknown>) {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ ...body, stream: true }),
  });
  const text = await res.text();
  const events = text
    .split("\n\n")
    .filter((block) => block.startsWith("data: ") && block !== "data: [DONE]")
    .map((block) => JSON.parse(block.slice("data: ".length)) as OpenAI.ChatCompletionChunk & { usage?: Extra });
  return { res, events };
}

const messages = [{ role: "user" as const, content: "hello world" }];

describe("request fields XRouter does not honour", () => {
  it("are accepted from the openai SDK and named in x-xrouter-dropped-params, known ones are not", async () => {
    const { data, response } = await chat({
      model: "mts/qwen3-32b",
      messages,
      models: ["tbank/T-pro-it-2.0"],
      provider: { sort: "price" },
      transforms: ["middle-out"],
      route: "fallback",
      prompt: "ignored",
      some_future_field: { a: 1 },
    });
    expect(response.status).toBe(200);
    expect(data.choices[0]!.message.content).toBe("Echo: hello world");
    expect(response.headers.get("x-xrouter-dropped-params")!.split(",").sort()).toEqual(["prompt", "route", "some_future_field", "transforms"]);
    expect(emulators.mts.lastRequest()!.body).not.toHaveProperty("transforms");
  });

  it("are listed with the provider's own dropped parameters, on a stream too", async () => {
    const { res, events } = await streamEvents({ model: "gigachat/GigaChat-2-Max", messages, seed: 7, transforms: [] });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-dropped-params")).toBe("transforms,seed");
    expect(events.map((e) => e.choices[0]?.delta.content ?? "").join("")).toBe("Echo: hello world");
  });

  it("are percent-encoded in the header when their names are not header-safe", async () => {
    const { response } = await chat({ model: "mts/qwen3-32b", messages, "odd name\n,é": 1 });
    expect(response.headers.get("x-xrouter-dropped-params")).toBe(encodeURIComponent("odd name\n,é"));
  });

  it("never make a bad request, while a known field with a bad value still does", async () => {
    const res = await fetch(`${api.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "mts/qwen3-32b", messages, reasoning: { effort: "extreme" } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("reasoning.effort");
  });

  it("are named on embeddings", async () => {
    const { data, response } = await client.embeddings
      .create({ model: "gigachat/Embeddings", input: "hello", dimensions: 8, provider: { order: ["gigachat"] } } as OpenAI.EmbeddingCreateParams)
      .withResponse();
    expect(response.status).toBe(200);
    expect(data.data).toHaveLength(1);
    expect(response.headers.get("x-xrouter-dropped-params")!.split(",").sort()).toEqual(["dimensions", "provider"]);
    const usage = data.usage as typeof data.usage & { cost: number; cost_rub: number };
    expect(usage.cost).toBe(usage.cost_rub);
  });

  it("leave the header out when there are none", async () => {
    const { response } = await client.embeddings.create({ model: "gigachat/Embeddings", input: "hello" }).withResponse();
    expect(response.headers.get("x-xrouter-dropped-params")).toBeNull();
  });
});

describe("OpenRouter's reasoning parameter", () => {
  it("maps onto GigaChat's reasoning_effort", async () => {
    await chat({ model: "gigachat/GigaChat-2-Max", messages, reasoning: { effort: "xhigh" } });
    expect(emulators.gigachat.lastChat()).toMatchObject({ reasoning_effort: "high" });
    await chat({ model: "gigachat/GigaChat-2-Max", messages, reasoning: { max_tokens: 1000 } });
    expect(emulators.gigachat.lastChat()).toMatchObject({ reasoning_effort: "low" });
    await chat({ model: "gigachat/GigaChat-2-Max", messages, reasoning: { exclude: true } });
    expect(emulators.gigachat.lastChat()).not.toHaveProperty("reasoning_effort");
  });

  it("maps onto Yandex's reasoningOptions", async () => {
    await chat({ model: "yandex/yandexgpt", messages, reasoning: { enabled: true } });
    expect(emulators.yandex.lastRequest()!.body).toMatchObject({ completionOptions: { reasoningOptions: { mode: "ENABLED_HIDDEN" } } });
    await chat({ model: "yandex/yandexgpt", messages, reasoning: { enabled: false } });
    expect(emulators.yandex.lastRequest()!.body).toMatchObject({ completionOptions: { reasoningOptions: { mode: "DISABLED" } } });
  });

  it("is passed to MTS as reasoning_effort, never as OpenRouter's field", async () => {
    const { response } = await chat({ model: "mts/qwen3-32b", messages, reasoning: { max_tokens: 10_000 }, reasoning_effort: "low" });
    const body = emulators.mts.lastRequest()!.body as Extra;
    expect(body.reasoning_effort).toBe("high");
    expect(body).not.toHaveProperty("reasoning");
    expect(response.headers.get("x-xrouter-dropped-params")).toBeNull();
  });

  it("switches T-Bank's thinking on and off", async () => {
    await chat({ model: "tbank/T-pro-it-2.0", messages, reasoning: { effort: "low" } });
    expect(emulators.tbank.lastRequest()!.body).toMatchObject({ chat_template_kwargs: { enable_thinking: true } });
    await chat({ model: "tbank/T-pro-it-2.0", messages, reasoning: { effort: "none" } });
    expect(emulators.tbank.lastRequest()!.body).toMatchObject({ chat_template_kwargs: { enable_thinking: false } });
  });

  it("shows the reasoning unless exclude is set, and bills it either way", async () => {
    const shown = await chat({ model: "tbank/T-pro-it-2.0", messages, reasoning: { effort: "high" } });
    const hidden = await chat({ model: "tbank/T-pro-it-2.0", messages, reasoning: { effort: "high", exclude: true } });
    expect((shown.data.choices[0]!.message as unknown as Extra).reasoning_content).toBe("Thinking about: hello world");
    expect(hidden.data.choices[0]!.message).not.toHaveProperty("reasoning_content");
    expect(hidden.data.choices[0]!.message.content).toBe("Echo: hello world");
    expect(hidden.data.usage!.completion_tokens).toBe(shown.data.usage!.completion_tokens);
    const legacy = await chat({ model: "tbank/T-pro-it-2.0", messages, reasoning_effort: "high", include_reasoning: false });
    expect(legacy.data.choices[0]!.message).not.toHaveProperty("reasoning_content");
  });

  it("hides streamed reasoning with exclude, and usage.include adds the final usage chunk with cost", async () => {
    const body = { model: "tbank/T-pro-it-2.0", messages, reasoning: { effort: "high" }, usage: { include: true } };
    const shown = await streamEvents(body);
    expect(shown.events.some((e) => (e.choices[0]?.delta as Extra | undefined)?.reasoning_content)).toBe(true);

    const { res, events } = await streamEvents({ ...body, reasoning: { effort: "high", exclude: true } });
    expect(res.status).toBe(200);
    expect(events.some((e) => e.choices[0] && "reasoning_content" in e.choices[0].delta)).toBe(false);
    expect(events.map((e) => e.choices[0]?.delta.content ?? "").join("")).toBe("Echo: hello world");
    const last = events.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.cost).toBeGreaterThan(0);
    expect(last.usage!.cost).toBe(last.usage!.cost_rub);
  });

  it("answers usage with cost equal to cost_rub", async () => {
    const { data } = await chat({ model: "gigachat/GigaChat-2-Max", messages, usage: { include: true } });
    const usage = data.usage as OpenAI.CompletionUsage & { cost: number; cost_rub: number };
    expect(usage.cost).toBeGreaterThan(0);
    expect(usage.cost).toBe(usage.cost_rub);
  });
});

describe("app attribution (HTTP-Referer, X-Title)", () => {
  const recent = async (id: string, email: string) => {
    await flushRequests();
    const { getDb } = await import("../db");
    const caller = createCaller({ db: await getDb(), user: { id, email, role: "user" } });
    return (await caller.usage.recent({})).items;
  };

  it("is stored with the request and shown in the owner's activity only", async () => {
    const owner = await createTestKey();
    const appClient = new OpenAI({
      baseURL: api.baseURL,
      apiKey: owner.key,
      maxRetries: 0,
      defaultHeaders: { "HTTP-Referer": "https://app.example.test/chat?x=<b>", "X-Title": `My <App> ${"x".repeat(300)}` },
    });
    const { response } = await appClient.chat.completions.create({ model: "mts/qwen3-32b", messages }).withResponse();
    const requestId = response.headers.get("x-request-id");

    const [row] = (await recent(owner.userId, "owner@example.test")).filter((r) => r.id === requestId);
    expect(row!.appTitle).toBe(`My <App> ${"x".repeat(191)}`);
    expect(row!.appTitle).toHaveLength(200);
    expect(row!.appUrl).toBe("https://app.example.test/chat?x=%3Cb%3E");
    const generation = (await appClient.get(`/generation?id=${requestId}`)) as { data: { app_title: string; app_url: string } };
    expect(generation.data).toMatchObject({ app_title: row!.appTitle, app_url: row!.appUrl });

    const other = await createTestKey();
    expect((await recent(other.userId, "other@example.test")).some((r) => r.id === requestId)).toBe(false);
  });

  it("keeps only http(s) referers, and UTF-8 titles", async () => {
    const res = await fetch(`${api.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "http-referer": "javascript:alert(1)",
        "x-title": Buffer.from("Приложение", "utf8").toString("latin1"),
      },
      body: JSON.stringify({ model: "mts/qwen3-32b", messages }),
    });
    expect(res.status).toBe(200);
    const [row] = (await recent(userId, "user@example.test")).filter((r) => r.id === res.headers.get("x-request-id"));
    expect(row).toMatchObject({ appTitle: "Приложение", appUrl: null });
  });

  it("is null for requests that name no app", async () => {
    const { response } = await chat({ model: "mts/qwen3-32b", messages });
    const [row] = (await recent(userId, "user@example.test")).filter((r) => r.id === response.headers.get("x-request-id"));
    expect(row).toMatchObject({ appTitle: null, appUrl: null });
  });
});

describe("GET /models/{id} and the supported_parameters filter", () => {
  const get = async (path: string) => {
    const res = await fetch(`${api.baseURL}${path}`);
    return { status: res.status, body: (await res.json()) as Extra & { data?: (Extra & { id: string; supported_parameters: string[] })[] } };
  };

  it("answers one model by its id, with the slash as it is or percent-encoded", async () => {
    const plain = await get("/models/gigachat/GigaChat-2-Max");
    const encoded = await get("/models/gigachat%2FGigaChat-2-Max");
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ id: "gigachat/GigaChat-2-Max", object: "model", owned_by: "gigachat" });
    expect(encoded).toEqual(plain);
    expect((await client.models.retrieve("tbank/T-pro-it-2.0")).id).toBe("tbank/T-pro-it-2.0");
  });

  it("answers an unknown model with a 404 in OpenAI's shape", async () => {
    for (const path of ["/models/gigachat/NoSuchModel", "/models/nosuch%2Fmodel", "/models/nosuch"]) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: { type: "invalid_request_error", code: "model_not_found", param: "model" } });
    }
  });

  it("keeps only the models that support every listed parameter", async () => {
    const all = (await get("/models")).body.data!;
    const toolsAndJson = (await get("/models?supported_parameters=tools,response_format")).body.data!;
    expect(toolsAndJson.length).toBeGreaterThan(0);
    expect(toolsAndJson.length).toBeLessThan(all.length);
    for (const model of toolsAndJson) expect(model.supported_parameters).toEqual(expect.arrayContaining(["tools", "response_format"]));
    const ids = toolsAndJson.map((m) => m.id);
    expect(ids).toContain("gigachat/GigaChat-2-Max");
    expect(ids).not.toContain("mts/mws-gpt-alpha"); // no tools
    expect(ids).not.toContain("gigachat/Embeddings");

    const stop = (await get("/models?supported_parameters=stop")).body.data!.map((m) => m.id);
    expect(stop).toContain("mts/qwen3-32b");
    expect(stop.some((id) => id.startsWith("gigachat/") || id.startsWith("yandex/"))).toBe(false);
    expect((await get("/models?supported_parameters=no_such_param")).body.data).toEqual([]);
  });
});

describe("GET /key in OpenRouter's fields", () => {
  it("answers limit, limit_remaining, usage and the rest next to the ruble fields", async () => {
    const limited = await createTestKey({ limitMicro: 5_000_000, limitPeriod: "day" });
    const limitedClient = new OpenAI({ baseURL: api.baseURL, apiKey: limited.key, maxRetries: 0 });
    await limitedClient.chat.completions.create({ model: "gigachat/GigaChat-2-Max", messages });
    const { getBilling } = await import("../billing");
    await getBilling().charges.flush();

    const res = await fetch(`${api.baseURL}/key`, { headers: { authorization: `Bearer ${limited.key}` } });
    const { data } = (await res.json()) as { data: Extra & { usage_rub: { today: number; total: number } } };
    expect(data).toMatchObject({
      limit: 5,
      limit_rub: 5,
      limit_reset: "daily",
      is_free_tier: false,
      is_provisioning_key: false,
      rate_limit: null,
      label: expect.any(String),
    });
    expect(data.usage).toBeGreaterThan(0);
    expect(data.usage).toBe(data.usage_rub.total);
    expect(data.usage_daily).toBe(data.usage_rub.today);
    expect(data.limit_remaining).toBeCloseTo(5 - (data.usage_daily as number), 6);
    expect(data.limit_remaining).toBe(data.limit_remaining_rub);
  });

  it("answers null limits for a key without one", async () => {
    const res = await fetch(`${api.baseURL}/key`, { headers: { authorization: `Bearer ${key}` } });
    const { data } = (await res.json()) as { data: Extra };
    expect(data).toMatchObject({ limit: null, limit_remaining: null, limit_reset: null });
  });
});
