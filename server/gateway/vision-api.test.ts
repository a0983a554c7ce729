import { randomBytes } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { GigaChatEmulator } from "../providers/gigachat/emulator";
import { createTestKey, serveTestApi, type TestApi } from "../testing/api-server";
import { createFaultDatabase, type FaultDatabase } from "../testing/faults/database";
import { imageLimits } from "./vision";

// MWS documents no vision model first-party (community code names qwen2.5-vl-72b: SECONDARY), so the catalog has
// none: this file serves one, on a database of its own, to show an OpenAI-compatible vision model end to end.
vi.mock("../providers/mts/models", async (importOriginal) => {
  const original = await importOriginal<typeof import("../providers/mts/models")>();
  const { defineModel } = await import("../providers/openai-compatible/models");
  const vision = defineModel("mts", {
    id: "mts/qwen2.5-vl-72b",
    upstreamModel: "qwen2.5-vl-72b",
    name: "Qwen2.5 VL 72B (test)",
    contextLength: 32768,
    price: { input: 160, output: 160, status: "estimate" },
    vision: true,
  });
  return { ...original, MTS_MODELS: [...original.MTS_MODELS, vision] };
});

let api: TestApi;
let database: FaultDatabase;
let key: string;
let client: OpenAI;
let gigachat: GigaChatEmulator;

beforeAll(async () => {
  database = await createFaultDatabase("vision");
  api = await serveTestApi({ databaseUrl: database.url, redisUrl: inject("testRedisUrl") });
  ({ key } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
  const { getRuntime } = await import("../runtime");
  gigachat = (await getRuntime()).emulators[0] as GigaChatEmulator;
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A new PNG of `size` bytes (the signature, then noise: nothing looks further). */
const png = (size = 100) => `data:image/png;base64,${Buffer.concat([SIGNATURE, randomBytes(size - SIGNATURE.length)]).toString("base64")}`;

const userAsks = (text: string, url: string): OpenAI.ChatCompletionMessageParam[] => [
  { role: "user", content: [{ type: "text", text }, { type: "image_url", image_url: { url } }] },
];

/** What the tests read of an answer: an error, a chat completion or an Anthropic message (each has its own). */
interface Answer {
  error: { message: string; type: string; code: string | null; param: string | null };
  choices: { message: { content: string } }[];
  content: { text: string }[];
  type: string;
}

interface ListedModel {
  id: string;
  features: { vision: boolean };
  architecture: { modality: string; input_modalities: string[]; output_modalities: string[] };
}

async function post(path: string, body: object) {
  const res = await fetch(`${api.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as Answer };
}

describe("vision", () => {
  it("lists which models take images, as OpenRouter does", async () => {
    const { data } = (await (await fetch(`${api.baseURL}/models`)).json()) as { data: ListedModel[] };
    const byId = new Map(data.map((m) => [m.id, m]));
    expect(byId.get("gigachat/GigaChat-2-Max")).toMatchObject({
      features: { vision: true },
      architecture: { modality: "text+image->text", input_modalities: ["text", "image"], output_modalities: ["text"] },
    });
    expect(byId.get("gigachat/GigaChat-2")).toMatchObject({ features: { vision: false }, architecture: { input_modalities: ["text"] } });
    expect(byId.get("yandex/yandexgpt")!.features.vision).toBe(false);
    expect(byId.get("gigachat/Embeddings")!.architecture).toEqual({ modality: "text->embeddings", input_modalities: ["text"], output_modalities: ["embeddings"] });
  });

  it("GigaChat sees a data-URL image (uploaded once, however often it is sent)", async () => {
    const image = png(68);
    const before = gigachat.stats.uploads;
    const first = await client.chat.completions.create({ model: "gigachat/GigaChat-2-Max", messages: userAsks("What is on it?", image) });
    expect(first.choices[0]!.message.content).toBe("Echo: What is on it? [image: 68 bytes png]");
    expect(gigachat.stats.uploads).toBe(before + 1);

    const stream = await client.chat.completions.create({ model: "gigachat/GigaChat-2-Pro", messages: userAsks("And now?", image), stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Echo: And now? [image: 68 bytes png]");
    expect(gigachat.stats.uploads).toBe(before + 1);
  });

  it("an OpenAI-compatible vision model gets the image part as it is, by the openai SDK", async () => {
    const image = png(50);
    const answer = await client.chat.completions.create({ model: "mts/qwen2.5-vl-72b", messages: userAsks("Describe", image) });
    expect(answer.choices[0]!.message.content).toBe("Echo: Describe [image: 50 bytes png]");
    const remote = await client.chat.completions.create({ model: "mts/qwen2.5-vl-72b", messages: userAsks("Describe", "https://example.com/cat.png") });
    expect(remote.choices[0]!.message.content).toBe("Echo: Describe [image: https://example.com/cat.png]");
  });

  it("a model without vision is a 400 naming the image and the models that take one", async () => {
    for (const model of ["gigachat/GigaChat-2", "yandex/yandexgpt", "mts/qwen3-32b"]) {
      const { res, body } = await post("/chat/completions", { model, messages: userAsks("What is on it?", png()) });
      expect(res.status).toBe(400);
      expect(body.error).toMatchObject({ type: "invalid_request_error", code: "unsupported_parameter", param: "messages.0.content.1" });
      expect(body.error.message).toBe(
        `messages.0.content.1: model '${model}' does not take images; models with vision: gigachat/GigaChat-2-Max, gigachat/GigaChat-2-Pro, mts/qwen2.5-vl-72b (GET /api/v1/models: features.vision)`,
      );
    }
  });

  it("plans only the vision models of a fallback list", async () => {
    const { planRoutes } = await import("../routing/plan");
    const { getCatalog } = await import("../core/catalog");
    const plan = await planRoutes({
      model: "gigachat/GigaChat-2-Max",
      models: ["gigachat/GigaChat-2", "yandex/yandexgpt", "mts/qwen2.5-vl-72b", "mts/qwen3-32b"],
      needs: { kind: "chat", tools: false, json: false, contextTokens: 100, imageParam: "messages.0.content.1" },
      principal: { userId: "usr_vision", keyId: "key_vision", rpm: null, allowedModels: null, tags: [] },
      catalog: await getCatalog(),
    });
    expect([...new Set(plan.routes.map((r) => r.model.id))]).toEqual(["gigachat/GigaChat-2-Max", "mts/qwen2.5-vl-72b"]);
    const auto = await post("/chat/completions", { model: "auto", messages: userAsks("Cheapest eyes?", png()) });
    expect(auto.res.status).toBe(200);
    expect(["gigachat/GigaChat-2-Max", "gigachat/GigaChat-2-Pro", "mts/qwen2.5-vl-72b"]).toContain(auto.res.headers.get("x-xrouter-model"));
  });

  it("falls back past GigaChat for an image URL (GigaChat takes only data URLs), else refuses it naming the part", async () => {
    const url = "https://example.com/cat.png";
    const fallback = await post("/chat/completions", {
      model: "gigachat/GigaChat-2-Max",
      models: ["gigachat/GigaChat-2", "mts/qwen2.5-vl-72b"],
      messages: userAsks("What?", url),
    });
    expect(fallback.res.status).toBe(200);
    expect(fallback.res.headers.get("x-xrouter-model")).toBe("mts/qwen2.5-vl-72b");
    expect(fallback.res.headers.get("x-xrouter-attempts")).toBe("2");
    expect(fallback.body.choices[0]!.message.content).toBe(`Echo: What? [image: ${url}]`);

    const alone = await post("/chat/completions", { model: "gigachat/GigaChat-2-Max", messages: userAsks("What?", url) });
    expect(alone.res.status).toBe(400);
    expect(alone.body.error).toMatchObject({ param: "messages.0.content.1", type: "invalid_request_error" });
    expect(alone.body.error.message).toContain("GigaChat takes images only as data URLs");
  });

  it("refuses an image that is not what it says, too large, or outside a user message, naming the part", async () => {
    const notPng = await post("/chat/completions", { model: "gigachat/GigaChat-2-Max", messages: userAsks("?", "data:image/png;base64,aGVsbG8=") });
    expect(notPng.res.status).toBe(400);
    expect(notPng.body.error).toMatchObject({ param: "messages.0.content.1.image_url.url", code: "invalid_request" });

    const notBase64 = await post("/chat/completions", { model: "gigachat/GigaChat-2-Max", messages: userAsks("?", "data:image/png;base64,!!!!") });
    expect(notBase64.body.error.message).toBe("messages.0.content.1.image_url.url: is not valid base64");

    const saved = imageLimits.totalBytes;
    imageLimits.totalBytes = 1000;
    try {
      const large = await post("/chat/completions", { model: "gigachat/GigaChat-2-Max", messages: userAsks("?", png(1001)) });
      expect(large.res.status).toBe(400);
      expect(large.body.error).toMatchObject({ param: "messages.0.content.1.image_url.url" });
      expect(large.body.error.message).toContain("exceed 1000 bytes in all");
    } finally {
      imageLimits.totalBytes = saved;
    }

    const system = await post("/chat/completions", {
      model: "gigachat/GigaChat-2-Max",
      messages: [{ role: "system", content: [{ type: "image_url", image_url: { url: png() } }] }, { role: "user", content: "hi" }],
    });
    expect(system.res.status).toBe(400);
    expect(system.body.error).toMatchObject({ param: "messages.0.content.0", message: "messages.0.content.0: images are allowed only in user messages" });
  });

  it("checks the Responses API's input_image parts the same way, naming them by their input position", async () => {
    const ask = (url: string, role = "user") => [{ role, content: [{ type: "input_text", text: "What is on it?" }, { type: "input_image", image_url: url }] }];
    // The instructions become the chat request's first message: a chat position would be messages.1.content.1.
    const request = (model: string, input: object[]) => ({ model, instructions: "Be brief.", input: [{ role: "user", content: "hi" }, ...input], store: false });

    const ok = await post("/responses", request("gigachat/GigaChat-2-Max", ask(png(50))));
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get("x-xrouter-model")).toBe("gigachat/GigaChat-2-Max");

    const withoutVision = await post("/responses", request("gigachat/GigaChat-2", ask(png())));
    expect(withoutVision.res.status).toBe(400);
    expect(withoutVision.body.error).toMatchObject({ type: "invalid_request_error", code: "unsupported_parameter", param: "input.1.content.1" });
    expect(withoutVision.body.error.message).toContain("input.1.content.1: model 'gigachat/GigaChat-2' does not take images; models with vision:");

    const notPng = await post("/responses", request("gigachat/GigaChat-2-Max", ask("data:image/png;base64,aGVsbG8=")));
    expect(notPng.res.status).toBe(400);
    expect(notPng.body.error).toMatchObject({ param: "input.1.content.1.image_url", code: "invalid_request" });

    const system = await post("/responses", request("gigachat/GigaChat-2-Max", ask(png(), "developer")));
    expect(system.res.status).toBe(400);
    expect(system.body.error).toMatchObject({ param: "input.1.content.1", message: "input.1.content.1: images are allowed only in user messages" });
  });

  it("serves Anthropic's image blocks through /messages the same way", async () => {
    const data = Buffer.concat([SIGNATURE, randomBytes(42)]).toString("base64");
    const content = [
      { type: "text", text: "What is on it?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data } },
    ];
    const ok = await post("/messages", { model: "gigachat/GigaChat-2-Max", max_tokens: 50, messages: [{ role: "user", content }] });
    expect(ok.res.status).toBe(200);
    expect(ok.body.content[0]!.text).toBe("Echo: What is on it? [image: 50 bytes png]");

    const refused = await post("/messages", { model: "gigachat/GigaChat-2", max_tokens: 50, messages: [{ role: "user", content }] });
    expect(refused.res.status).toBe(400);
    expect(refused.body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect(refused.body.error.message).toContain("messages.0.content.1: model 'gigachat/GigaChat-2' does not take images");
  });
});
