import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;
let key: string;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

/** One chat model of each provider, with the provider id the gateway reports. */
const MODELS = [
  { model: "gigachat/GigaChat-2-Max", provider: "gigachat" },
  { model: "yandex/yandexgpt", provider: "yandex" },
  { model: "mts/mws-gpt-alpha", provider: "mts" },
  { model: "tbank/T-pro-it-2.0", provider: "tbank" },
] as const;

type PricedUsage = OpenAI.CompletionUsage & { cost_rub: number };

/** POSTs a chat request with plain fetch and returns the response with its whole body as text. */
async function rawChat(body: Record<string, unknown>) {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { res, text: await res.text() };
}

/** The `data:` payloads of an SSE body, in order. */
const sseData = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length));

describe.each(MODELS)("chat completions on $model", ({ model, provider }) => {
  it("answers a non-stream completion as OpenAI, with usage and its cost in RUB", async () => {
    const { data, response } = await client.chat.completions
      .create({ model, messages: [{ role: "user", content: "hello world" }] })
      .withResponse();

    expect(data.object).toBe("chat.completion");
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(data.model).toBe(model);
    expect(data.choices).toHaveLength(1);
    expect(data.choices[0]!.message.role).toBe("assistant");
    expect(data.choices[0]!.message.content).toBe("Echo: hello world");
    expect(data.choices[0]!.finish_reason).toBe("stop");

    const usage = data.usage as PricedUsage;
    // The emulator counts ceil(characters / 4) prompt tokens and one completion token per word.
    expect(usage.prompt_tokens).toBe(Math.ceil("hello world".length / 4));
    expect(usage.completion_tokens).toBe(3);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.cost_rub).toBeGreaterThan(0);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(data.id.slice("chatcmpl-".length)).toBe(response.headers.get("x-request-id")!.slice("req_".length));
    expect(response.headers.get("x-xrouter-provider")).toBe(provider);
    expect(response.headers.get("x-xrouter-model")).toBe(model);
    expect(response.headers.get("x-xrouter-dropped-params")).toBeNull();
  });

  it("streams deltas that join to the reply, with a final usage chunk when include_usage is set", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model,
        messages: [{ role: "user", content: "stream me three words" }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("x-xrouter-provider")).toBe(provider);
    expect(response.headers.get("x-xrouter-model")).toBe(model);

    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.length).toBeGreaterThan(2);
    const ids = new Set(chunks.map((c) => c.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^chatcmpl-/);
    for (const chunk of chunks) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.model).toBe(model);
    }

    const text = chunks.flatMap((c) => c.choices.map((choice) => choice.delta.content ?? "")).join("");
    expect(text).toBe("Echo: stream me three words");
    const finishes = chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter(Boolean);
    expect(finishes).toEqual(["stop"]);

    // Only the last chunk carries usage, and it has no choices.
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    const usage = last.usage as PricedUsage;
    expect(usage.prompt_tokens).toBe(Math.ceil("stream me three words".length / 4));
    expect(usage.completion_tokens).toBe(5);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.cost_rub).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage == null)).toBe(true);
  });

  it("ends the raw SSE with data: [DONE] and sends no usage chunk without include_usage", async () => {
    const { res, text } = await rawChat({ model, messages: [{ role: "user", content: "raw sse" }], stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-provider")).toBe(provider);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = sseData(text);
    expect(events.filter((e) => e === "[DONE]")).toHaveLength(1);
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as OpenAI.ChatCompletionChunk);
    expect(chunks.every((c) => c.choices.length > 0 && c.usage == null)).toBe(true);
    expect(chunks.map((c) => c.choices[0]!.delta.content ?? "").join("")).toBe("Echo: raw sse");
  });

  it("accepts system, developer, assistant and text-part messages", async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: "Answer in English." },
        { role: "user", content: "first question" },
        { role: "assistant", content: "first answer" },
        {
          role: "user",
          content: [
            { type: "text", text: "alpha " },
            { type: "text", text: "beta" },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: alpha beta");
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(Math.ceil("alpha beta".length / 4));
  });

  it("stops at max_tokens with finish_reason length", async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "one two three four" }],
      max_tokens: 2,
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: one");
    expect(completion.choices[0]!.finish_reason).toBe("length");
    expect(completion.usage!.completion_tokens).toBe(2);
  });
});

describe("dropped parameters", () => {
  it("lists stop in x-xrouter-dropped-params for GigaChat, which has no stop", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "gigachat/GigaChat-2-Max", messages: [{ role: "user", content: "stop test" }], stop: ["\n\n"] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe("Echo: stop test");
    expect(response.headers.get("x-xrouter-dropped-params")?.split(",")).toContain("stop");
  });

  it("lists stop on a GigaChat stream as well", async () => {
    const { res, text } = await rawChat({
      model: "gigachat/GigaChat-2-Max",
      messages: [{ role: "user", content: "stop stream" }],
      stop: "END",
      stream: true,
    });
    expect(res.headers.get("x-xrouter-dropped-params")?.split(",")).toContain("stop");
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("passes stop through to an OpenAI-compatible upstream without reporting it", async () => {
    const { response } = await client.chat.completions
      .create({ model: "mts/mws-gpt-alpha", messages: [{ role: "user", content: "stop test" }], stop: ["END"] })
      .withResponse();
    expect(response.headers.get("x-xrouter-dropped-params")).toBeNull();
  });
});
