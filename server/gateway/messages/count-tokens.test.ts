import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPromptTokens } from "../../providers/emulator/replies";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";

let api: TestApi;
let client: Anthropic;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  client = new Anthropic({ baseURL: api.baseURL.replace(/\/v1$/, ""), apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

const weatherTool: Anthropic.Tool = {
  name: "get_weather",
  description: "Current weather in a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const body = (content: string): Anthropic.MessageCountTokensParams => ({
  model: "",
  system: "Be brief.",
  messages: [{ role: "user", content }],
  tools: [weatherTool],
});

async function count(model: string, content = "how many tokens is this") {
  const { data, response } = await client.messages.countTokens({ ...body(content), model }).withResponse();
  return {
    tokens: data.input_tokens,
    counter: response.headers.get("x-xrouter-token-count"),
    provider: response.headers.get("x-xrouter-provider"),
  };
}

describe("count_tokens by the provider's own counter", () => {
  it("GigaChat: the sum of /tokens/count over the system, user and function texts", async () => {
    const { tokens, counter, provider } = await count("gigachat/GigaChat-2-Max");
    expect(counter).toBe("provider");
    expect(provider).toBe("gigachat");
    // The emulator counts each string by its usage rule; the function goes as GigaChat's {name, description, parameters}.
    const fn = { name: weatherTool.name, description: weatherTool.description, parameters: weatherTool.input_schema };
    expect(tokens).toBe(
      countPromptTokens(["Be brief."]) +
        countPromptTokens(["how many tokens is this"]) +
        countPromptTokens([JSON.stringify(fn)]),
    );
  });

  it("Yandex (native): tokenizeCompletion, equal to the input tokens a message with the same prompt reports", async () => {
    const { tokens, counter, provider } = await count("yandex/yandexgpt");
    expect(counter).toBe("provider");
    expect(provider).toBe("yandex");
    const message = await client.messages.create({
      ...body("how many tokens is this"),
      model: "yandex/yandexgpt",
      max_tokens: 50,
    });
    expect(tokens).toBe(message.usage.input_tokens);
  });
});

describe("count_tokens by XRouter's estimate", () => {
  it.each(["mts/qwen3-32b", "tbank/T-pro-it-2.0", "yandex/gpt-oss-120b"])(
    "%s (OpenAI-compatible surface, no counter in the wire reference)",
    async (model) => {
      const { tokens, counter, provider } = await count(model);
      expect(counter).toBe("estimate");
      expect(provider).toBeNull();
      expect(tokens).toBeGreaterThan(10);
    },
  );

  it.each(["gigachat/GigaChat-2-Max", "yandex/yandexgpt"])(
    "%s: a failing provider counter falls back to the estimate",
    async (model) => {
      const content = "[[status:503]] how many tokens is this";
      const failed = await count(model, content);
      expect(failed.counter).toBe("estimate");
      expect(failed.provider).toBeNull();
      // The estimate depends on the translated body only: an OpenAI-compatible model estimates the same body alike.
      expect(failed.tokens).toBe((await count("mts/qwen3-32b", content)).tokens);
    },
  );
});
