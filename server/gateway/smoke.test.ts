import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

describe("gateway smoke", () => {
  it("answers a chat completion through the openai SDK", async () => {
    const completion = await client.chat.completions.create({
      model: "yandex/yandexgpt-lite",
      messages: [{ role: "user", content: "hello there" }],
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: hello there");
  });
});
