import { createAnthropic } from "@ai-sdk/anthropic";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { runWeatherToolLoop } from "../../testing/weather-tool-loop";

let api: TestApi;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  // @ai-sdk/anthropic's baseURL includes /v1 (its default is https://api.anthropic.com/v1); it sends x-api-key.
  anthropic = createAnthropic({ baseURL: api.baseURL, apiKey: key });
});
afterAll(() => api.close());

describe.each(["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"])("@ai-sdk/anthropic against %s", (model) => {
  it("generates text with usage", async () => {
    const result = await generateText({ model: anthropic(model), prompt: "hello from the AI SDK", maxOutputTokens: 100, maxRetries: 0 });
    expect(result.text).toBe("Echo: hello from the AI SDK");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(6);
  });

  it("streams text with usage", async () => {
    const result = streamText({ model: anthropic(model), prompt: "stream this please", maxOutputTokens: 100, maxRetries: 0 });
    let text = "";
    for await (const part of result.textStream) text += part;
    expect(text).toBe("Echo: stream this please");
    expect(await result.finishReason).toBe("stop");
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBe(4);
  });

  it("runs a tool round trip", async () => {
    const { calls, text } = await runWeatherToolLoop(anthropic(model), { maxOutputTokens: 200 });
    expect(calls).toEqual(["Moscow"]);
    // GigaChat's adapter wraps a plain-text function result as {"result": …}.
    expect(text).toMatch(/^Tool result: .*sunny in Moscow/);
  });
});
