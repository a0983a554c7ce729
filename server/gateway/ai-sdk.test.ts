import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { embed, embedMany, generateText, streamText, type EmbeddingModel, type LanguageModel } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { runWeatherToolLoop } from "../testing/weather-tool-loop";

/** Each provider's chat model and, where the provider has one, its embedding model. */
const families = [
  { chat: "gigachat/GigaChat-2-Max", embedding: "gigachat/Embeddings" },
  { chat: "yandex/yandexgpt", embedding: "yandex/text-search-doc" },
  { chat: "mts/qwen3-32b", embedding: "mts/bge-m3" },
  // T-Bank publishes no embedding model.
  { chat: "tbank/T-pro-it-2.0", embedding: undefined },
];

let api: TestApi;
let sdks: [string, { chat: (id: string) => LanguageModel; embedding: (id: string) => EmbeddingModel }][];

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  const openai = createOpenAI({ baseURL: api.baseURL, apiKey: key });
  const compatible = createOpenAICompatible({ name: "xrouter", baseURL: api.baseURL, apiKey: key, includeUsage: true });
  sdks = [
    ["@ai-sdk/openai .chat()", { chat: (id) => openai.chat(id), embedding: (id) => openai.embedding(id) }],
    ["@ai-sdk/openai-compatible", { chat: (id) => compatible.chatModel(id), embedding: (id) => compatible.embeddingModel(id) }],
  ];
});
afterAll(() => api.close());

describe.each(families)("AI SDK against $chat", ({ chat, embedding }) => {
  it("generates text with usage", async () => {
    for (const [, sdk] of sdks) {
      const result = await generateText({ model: sdk.chat(chat), prompt: "hello from the AI SDK", maxRetries: 0 });
      expect(result.text).toBe("Echo: hello from the AI SDK");
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
    }
  });

  it("streams text with usage", async () => {
    for (const [, sdk] of sdks) {
      const result = streamText({ model: sdk.chat(chat), prompt: "stream this please", maxRetries: 0 });
      let text = "";
      for await (const part of result.textStream) text += part;
      expect(text).toBe("Echo: stream this please");
      const usage = await result.usage;
      expect(usage.inputTokens).toBeGreaterThan(0);
      expect(usage.outputTokens).toBeGreaterThan(0);
    }
  });

  it("runs a tool round trip", async () => {
    for (const [, sdk] of sdks) {
      const { calls, text } = await runWeatherToolLoop(sdk.chat(chat));
      expect(calls).toEqual(["Moscow"]);
      expect(text).toContain("Tool result:");
      expect(text).toContain("sunny in Moscow");
    }
  });

  it.skipIf(!embedding)("embeds one and many values", async () => {
    for (const [, sdk] of sdks) {
      const one = await embed({ model: sdk.embedding(embedding!), value: "привет", maxRetries: 0 });
      expect(one.embedding.length).toBeGreaterThan(0);
      const many = await embedMany({ model: sdk.embedding(embedding!), values: ["a", "b", "c"], maxRetries: 0 });
      expect(many.embeddings).toHaveLength(3);
      expect(many.embeddings[0]).not.toEqual(many.embeddings[1]);
    }
  });
});
