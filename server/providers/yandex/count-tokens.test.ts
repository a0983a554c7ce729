import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatRequest } from "../openai";
import type { CallContext, Provider } from "../types";
import { createYandexProvider } from "./adapter";
import { startYandexEmulator, type YandexEmulator } from "./emulator";
import { YANDEX_PATHS } from "./wire";

const API_KEY = "AQVN-count-key";
const FOLDER = "b1gcountfolder";

let emulator: YandexEmulator;
let provider: Provider;

const ctx = (): CallContext => ({ requestId: "req_count", signal: AbortSignal.timeout(10_000) });

beforeAll(async () => {
  emulator = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER });
  provider = createYandexProvider({ apiKey: API_KEY, folderId: FOLDER, baseUrl: emulator.baseUrl });
});
afterAll(() => emulator.close());

const prompt: ChatRequest = {
  model: "yandexgpt/latest",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Weather in Moscow? Answer in one line, please." },
  ],
  tools: [
    {
      type: "function",
      function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    },
  ],
  tool_choice: "none",
};

describe("Yandex countTokens", () => {
  it("tokenizes the completion body chat sends and counts what a completion of it reports as input", async () => {
    const counted = await provider.countTokens!(prompt, ctx());
    const sent = emulator.lastRequest()!;
    expect(sent.path).toBe(YANDEX_PATHS.tokenizeCompletion);
    expect(sent.body).toMatchObject({
      modelUri: `gpt://${FOLDER}/yandexgpt/latest`,
      messages: [
        { role: "system", text: "Be brief." },
        { role: "user", text: "Weather in Moscow? Answer in one line, please." },
      ],
      tools: [{ function: { name: "get_weather" } }],
      toolChoice: { mode: "NONE" },
    });

    const { completion } = await provider.chat(prompt, ctx());
    expect(counted).toBe(completion.usage!.prompt_tokens);
    expect(counted).toBeGreaterThan(5);
  });

  it("has no counter for models served only on the OpenAI-compatible surface (no request made)", async () => {
    const before = emulator.requestCounts();
    expect(await provider.countTokens!({ ...prompt, model: "gpt-oss-120b/latest" }, ctx())).toBeUndefined();
    expect(emulator.requestCounts()).toEqual(before);
  });

  it("surfaces a tokenizer failure as an UpstreamError", async () => {
    const failing: ChatRequest = {
      model: "yandexgpt/latest",
      messages: [{ role: "user", content: "[[status:503]] hi" }],
    };
    const err = await provider.countTokens!(failing, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).status).toBe(503);
  });
});

describe("the emulator's POST /foundationModels/v1/tokenizeCompletion", () => {
  const post = (body: string, authorization = `Api-Key ${API_KEY}`) =>
    fetch(emulator.baseUrl + YANDEX_PATHS.tokenizeCompletion, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body,
    });
  const uri = `gpt://${FOLDER}/yandexgpt-lite/latest`;
  const hello = [{ role: "user", text: "Привет, мир" }];

  it("answers {tokens: [{id, text, special}], modelVersion}, completionOptions optional", async () => {
    const res = await post(JSON.stringify({ modelUri: uri, messages: hello }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      tokens: { id: string; text: string; special: boolean }[];
      modelVersion: string;
    };
    expect(body.tokens.map((t) => t.text).join("")).toBe("Привет, мир");
    expect(body.tokens.every((t) => /^\d+$/.test(t.id) && t.special === false)).toBe(true);
    expect(typeof body.modelVersion).toBe("string");
  });

  it.each([
    ["an unknown key", JSON.stringify({ modelUri: uri, messages: hello }), "Api-Key AQVN-wrong", 401, 16],
    ["a missing modelUri", JSON.stringify({ messages: hello }), undefined, 400, 3],
    [
      "an emb:// model",
      JSON.stringify({ modelUri: `emb://${FOLDER}/text-search-doc/latest`, messages: hello }),
      undefined,
      400,
      3,
    ],
    ["missing messages", JSON.stringify({ modelUri: uri }), undefined, 400, 3],
    [
      "another folder",
      JSON.stringify({ modelUri: "gpt://b1gother/yandexgpt/latest", messages: hello }),
      undefined,
      400,
      3,
    ],
    [
      "a compat-only model",
      JSON.stringify({ modelUri: `gpt://${FOLDER}/gpt-oss-120b/latest`, messages: hello }),
      undefined,
      400,
      3,
    ],
  ])("refuses %s with the service's grpc-gateway error body", async (_, body, authorization, status, grpcCode) => {
    const res = await post(body, authorization);
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as {
      error: { grpcCode: number; httpCode: number; message: string; details: unknown[] };
    };
    expect(error).toMatchObject({ grpcCode, httpCode: status, details: [] });
    expect(error.message).toMatch(/^Error in session /);
  });

  it.each([
    ["a body that is not JSON", "modelUri=x"],
    ["a JSON array body", "[]"],
    [
      "a message with both text and toolCallList",
      JSON.stringify({ modelUri: uri, messages: [{ role: "user", text: "a", toolCallList: { toolCalls: [] } }] }),
    ],
    ["a message that is a string", JSON.stringify({ modelUri: uri, messages: ["hi"] })],
    ["tools that are not a list", JSON.stringify({ modelUri: uri, messages: hello, tools: { name: "x" } })],
  ])("refuses %s with the gateway's decode error body", async (_, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: expect.any(String),
      code: 3,
      message: expect.any(String),
      details: [],
    });
  });
});
