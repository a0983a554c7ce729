import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { runWeatherToolLoop } from "../../testing/weather-tool-loop";

const FAMILIES = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"];

let api: TestApi;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  openai = createOpenAI({ baseURL: api.baseURL, apiKey: key });
});
afterAll(() => api.close());

describe.each(FAMILIES)("the AI SDK's openai.responses() against %s", (model) => {
  it("generates text with usage", async () => {
    const result = await generateText({ model: openai.responses(model), system: "Be brief.", prompt: "hello from the AI SDK", maxRetries: 0 });
    expect(result.text).toBe("Echo: hello from the AI SDK");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.response.id).toMatch(/^resp_/);
  });

  it("streams text with usage", async () => {
    const result = streamText({ model: openai.responses(model), prompt: "stream this please", maxRetries: 0 });
    let text = "";
    for await (const part of result.textStream) text += part;
    expect(text).toBe("Echo: stream this please");
    expect(await result.finishReason).toBe("stop");
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
  });

  it("runs a tool round trip", async () => {
    const { calls, text } = await runWeatherToolLoop(openai.responses(model));
    expect(calls).toEqual(["Moscow"]);
    expect(text).toContain("Tool result:");
    expect(text).toContain("sunny in Moscow");
  });
});
