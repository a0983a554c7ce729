import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletionChunk, ChatRequest } from "../openai";
import type { CallContext, Provider } from "../types";
import { createYandexProvider } from "./adapter";
import { startYandexEmulator } from "./emulator";

const API_KEY = "AQVN-test-key";
const FOLDER = "b1gtestfolder";

let emulator: Awaited<ReturnType<typeof startYandexEmulator>>;
let provider: Provider;

const ctx = (): CallContext => ({ requestId: "req_test", signal: AbortSignal.timeout(10_000) });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "yandexgpt/latest",
  messages: [{ role: "user", content }],
  ...extra,
});

async function collect(chunks: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

beforeAll(async () => {
  emulator = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER });
  provider = createYandexProvider({ apiKey: API_KEY, folderId: FOLDER, baseUrl: emulator.baseUrl });
});
afterAll(() => emulator.close());

describe("yandex provider against the emulator", () => {
  it("lists models with yandex/ ids", () => {
    const ids = provider.models().map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "yandex/yandexgpt",
        "yandex/yandexgpt-lite",
        "yandex/text-search-doc",
        "yandex/text-search-query",
      ]),
    );
  });

  it("chats", async () => {
    const { completion, dropped } = await provider.chat(ask("Привет, мир", { temperature: 1.5, seed: 3 }), ctx());
    expect(dropped).toEqual(["seed"]);
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toBe("Echo: Привет, мир");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage.completion_tokens).toBe(3);
    expect(completion.usage.total_tokens).toBe(completion.usage.prompt_tokens + 3);
  });

  it("maps max_tokens to a truncated reply", async () => {
    const { completion } = await provider.chat(ask("one two three four", { max_tokens: 2 }), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: one");
    expect(completion.choices[0]?.finish_reason).toBe("length");
  });

  it("streams deltas that concatenate to the full reply, usage on the last chunk", async () => {
    const { chunks } = await provider.chatStream(ask("the quick brown fox jumps"), ctx());
    const all = await collect(chunks);
    const text = all.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Echo: the quick brown fox jumps");
    expect(all.length).toBeGreaterThan(3);
    expect(all[0]?.choices[0]?.delta.role).toBe("assistant");
    const last = all.at(-1)!;
    expect(last.choices[0]?.finish_reason).toBe("stop");
    expect(last.usage?.completion_tokens).toBe(6);
    expect(all.slice(0, -1).every((c) => !c.usage)).toBe(true);
  });

  it("streams the content-filter status", async () => {
    const { chunks } = await provider.chatStream(ask("bad words [[filter]]"), ctx());
    expect((await collect(chunks)).at(-1)?.choices[0]?.finish_reason).toBe("content_filter");
  });

  it("fails the stream when the upstream drops the connection", async () => {
    const { chunks } = await provider.chatStream(ask("a b c d e f g [[cut:2]]"), ctx());
    const seen: ChatCompletionChunk[] = [];
    const err = await rejection(
      (async () => {
        for await (const chunk of chunks) seen.push(chunk);
      })(),
    );
    expect(err.status).toBe(502);
    expect(seen.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: a");
  });

  it("round-trips a tool call", async () => {
    const tools: ChatRequest["tools"] = [
      {
        type: "function",
        function: {
          name: "get_weather",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ];
    const first = await provider.chat(ask("Moscow", { tools }), ctx());
    const choice = first.completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls?.[0];
    expect(call?.id).toMatch(/^call_/);
    expect(call?.function).toEqual({ name: "get_weather", arguments: '{"city":"Moscow"}' });

    const second = await provider.chat(
      {
        model: "yandexgpt/latest",
        tools,
        messages: [
          { role: "user", content: "Moscow" },
          { role: "assistant", content: null, tool_calls: choice.message.tool_calls },
          { role: "tool", tool_call_id: call!.id, content: "8°C" },
        ],
      },
      ctx(),
    );
    expect(second.completion.choices[0]?.message.content).toBe("Tool result: 8°C");
    expect(second.completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("streams a tool call", async () => {
    const tools: ChatRequest["tools"] = [{ type: "function", function: { name: "lookup" } }];
    const all = await collect((await provider.chatStream(ask("x", { tools }), ctx())).chunks);
    expect(all[0]?.choices[0]?.delta.tool_calls?.[0]).toMatchObject({
      index: 0,
      type: "function",
      function: { name: "lookup", arguments: "{}" },
    });
    expect(all.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("fans embeddings out one text per call, keeping order and summing tokens", async () => {
    const inputs = ["alpha", "beta gamma", "delta", "epsilon zeta eta theta", "iota"];
    const many = await provider.embeddings("text-search-doc/latest", inputs, ctx());
    expect(many.vectors).toHaveLength(5);
    expect(many.vectors.every((v) => v.length === 256)).toBe(true);
    let tokens = 0;
    for (const [i, text] of inputs.entries()) {
      const one = await provider.embeddings("text-search-doc/latest", [text], ctx());
      expect(one.vectors[0]).toEqual(many.vectors[i]);
      tokens += one.promptTokens;
    }
    expect(many.promptTokens).toBe(tokens);
  });

  it("fails a whole embeddings batch when one text fails", async () => {
    const err = await rejection(provider.embeddings("text-search-query/latest", ["ok", "[[status:429]]", "ok"], ctx()));
    expect(err.status).toBe(429);
  });

  it("turns a wrong api key into a 401 UpstreamError", async () => {
    const wrong = createYandexProvider({ apiKey: "AQVN-wrong", folderId: FOLDER, baseUrl: emulator.baseUrl });
    const err = await rejection(wrong.chat(ask("hi"), ctx()));
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
  });

  it("authenticates with an IAM token and x-folder-id", async () => {
    const iam = createYandexProvider({ iamToken: API_KEY, folderId: FOLDER, baseUrl: emulator.baseUrl });
    const { completion } = await iam.chat(ask("hi"), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: hi");
  });

  it("maps [[status:503]] to a retryable 503", async () => {
    const err = await rejection(provider.chat(ask("[[status:503]]"), ctx()));
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("emulated upstream failure");
  });

  it("maps 429 to rate_limit_exceeded, before the first stream chunk", async () => {
    const err = await rejection(provider.chatStream(ask("[[status:429]]"), ctx()));
    expect(err.status).toBe(429);
    expect(err.options.code).toBe("rate_limit_exceeded");
    expect(err.retryable).toBe(true);
  });

  it("reports health through the tokenizer", async () => {
    expect((await provider.health(ctx())).ok).toBe(true);
    const wrong = createYandexProvider({ apiKey: "AQVN-wrong", folderId: FOLDER, baseUrl: emulator.baseUrl });
    const health = await wrong.health(ctx());
    expect(health.ok).toBe(false);
    expect(health.message).toContain("401");
  });

  // Runs last: the strict emulator logged every request it refused in this file.
  it("sent nothing the API refuses but the deliberately wrong keys", () => {
    expect(emulator.violations.filter((v) => v.status !== 401)).toEqual([]);
  });
});
