import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMetrics } from "../metrics/registry";
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

  it("counts the request in the Prometheus metrics", async () => {
    await client.chat.completions.create({ model: "yandex/yandexgpt-lite", messages: [{ role: "user", content: "count me" }] });
    const text = await getMetrics().registry.metrics();
    expect(text).toMatch(/xrouter_requests_total\{endpoint="chat.completions",provider="yandex",model="yandex\/yandexgpt-lite",status="200"\} [1-9]/);
    expect(text).toContain("xrouter_upstream_attempts_total");
    expect(text).toContain("process_cpu_user_seconds_total");
  });
});
