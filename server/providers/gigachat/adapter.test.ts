import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../../store/memory";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletionChunk, ChatRequest } from "../openai";
import { tokenStoreKey } from "./auth";
import { startGigaChatEmulator, type GigaChatEmulator } from "./emulator";
import { TEST_CREDENTIALS, TEST_SCOPE, ctx, providerFor } from "./testkit";

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "GigaChat-2-Max",
  messages: [{ role: "user", content: text }],
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

describe("GigaChat adapter", () => {
  let emulator: GigaChatEmulator;

  beforeAll(async () => {
    emulator = await startGigaChatEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.stats.tokenRequests = 0;
  });

  it("lists its models", () => {
    const ids = providerFor(emulator)
      .models()
      .map((m) => m.id);
    expect(ids).toEqual([
      "gigachat/GigaChat-2",
      "gigachat/GigaChat-2-Pro",
      "gigachat/GigaChat-2-Max",
      "gigachat/GigaChat-3-Ultra",
      "gigachat/Embeddings",
      "gigachat/Embeddings-2",
      "gigachat/EmbeddingsGigaR",
      "gigachat/GigaEmbeddings-3B-2025-09",
    ]);
  });

  it("answers a chat request", async () => {
    const { completion, dropped } = await providerFor(emulator).chat(ask("Hello there", { stop: "x" }), ctx());
    expect(dropped).toEqual(["stop"]);
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe("GigaChat-2-Max:2.0.28.2");
    expect(completion.choices[0]?.message.content).toBe("Echo: Hello there");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toMatchObject({ completion_tokens: 3, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it("streams deltas that concatenate to the full reply, with usage on the last chunk", async () => {
    const provider = providerFor(emulator);
    const { chunks } = await provider.chatStream(ask("one two three four"), ctx());
    const all = await collect(chunks);
    expect(all.length).toBeGreaterThan(2);
    expect(all[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(all.slice(1).every((c) => c.choices[0]?.delta.role === undefined)).toBe(true);
    expect(all.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: one two three four");
    const last = all[all.length - 1]!;
    expect(last.choices[0]?.finish_reason).toBe("stop");
    expect(last.usage).toMatchObject({ completion_tokens: 5, total_tokens: last.usage!.prompt_tokens + 5 });
    expect(all.slice(0, -1).every((c) => c.usage === undefined && c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("round-trips a tool call", async () => {
    const provider = providerFor(emulator);
    const first = await provider.chat(ask("Moscow", { tools: [weatherTool] }), ctx());
    const message = first.completion.choices[0]!.message;
    expect(first.completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(message.content).toBeNull();
    const call = message.tool_calls![0]!;
    expect(call.function).toEqual({ name: "get_weather", arguments: '{"city":"Moscow"}' });

    const second = await provider.chat(
      {
        model: "GigaChat-2-Max",
        tools: [weatherTool],
        messages: [
          { role: "user", content: "Moscow" },
          { role: "assistant", content: null, tool_calls: [call] },
          { role: "tool", tool_call_id: call.id, content: '{"temp":-3}' },
        ],
      },
      ctx(),
    );
    expect(second.completion.choices[0]?.message.content).toBe('Tool result: {"temp":-3}');
  });

  it("streams a tool call as one tool_calls delta", async () => {
    const { chunks } = await providerFor(emulator).chatStream(ask("Kazan", { tools: [weatherTool] }), ctx());
    const all = await collect(chunks);
    const last = all[all.length - 1]!;
    expect(last.choices[0]?.finish_reason).toBe("tool_calls");
    expect(all.flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])).toMatchObject([
      { index: 0, type: "function", function: { name: "get_weather", arguments: '{"city":"Kazan"}' } },
    ]);
    expect(last.usage).toBeDefined();
  });

  it("maps [[filter]] to content_filter", async () => {
    const { completion } = await providerFor(emulator).chat(ask("bad [[filter]]"), ctx());
    expect(completion.choices[0]?.finish_reason).toBe("content_filter");
  });

  it("returns embeddings with per-item usage summed", async () => {
    const result = await providerFor(emulator).embeddings("Embeddings", ["first text", "second, longer text"], ctx());
    expect(result.vectors).toHaveLength(2);
    expect(result.vectors[0]).toHaveLength(1024);
    expect(result.promptTokens).toBe(Math.ceil("first text".length / 4) + Math.ceil("second, longer text".length / 4));
  });

  it("fetches one token for 20 concurrent requests", async () => {
    const provider = providerFor(emulator);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => provider.chat(ask(`n${i}`), ctx())));
    expect(results.map((r) => r.completion.choices[0]?.message.content)).toContain("Echo: n19");
    expect(emulator.stats.tokenRequests).toBe(1);
  });

  it("shares one token across instances through the store", async () => {
    const store = new MemoryStore();
    const providers = [providerFor(emulator, store), providerFor(emulator, store), providerFor(emulator, store)];
    await Promise.all(providers.flatMap((p) => Array.from({ length: 5 }, () => p.chat(ask("hi"), ctx()))));
    expect(emulator.stats.tokenRequests).toBe(1);
    const raw = await store.get(tokenStoreKey(TEST_CREDENTIALS, TEST_SCOPE, emulator.authUrl));
    expect(raw).not.toContain(TEST_CREDENTIALS);
    expect(JSON.parse(raw!)).toMatchObject({ accessToken: expect.any(String), expiresAt: expect.any(Number) });
  });

  it("refetches a token that is within 60 s of expiry", async () => {
    const shortLived = await startGigaChatEmulator({ tokenTtlMs: 60_000 + 300 });
    try {
      const provider = providerFor(shortLived);
      await provider.chat(ask("a"), ctx());
      await provider.chat(ask("b"), ctx());
      expect(shortLived.stats.tokenRequests).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await provider.chat(ask("c"), ctx());
      expect(shortLived.stats.tokenRequests).toBe(2);
    } finally {
      await shortLived.close();
    }
  });

  it("on a 401 drops the token, fetches a new one and retries once", async () => {
    const store = new MemoryStore();
    // A token the API does not know, as if another instance had cached one that was revoked.
    const key = tokenStoreKey(TEST_CREDENTIALS, TEST_SCOPE, emulator.authUrl);
    await store.set(key, JSON.stringify({ accessToken: "stale", expiresAt: Date.now() + 600_000 }), 600_000);
    const provider = providerFor(emulator, store);
    const { completion } = await provider.chat(ask("after refresh"), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: after refresh");
    expect(emulator.stats.tokenRequests).toBe(1);
    expect(await store.get(key)).not.toContain("stale");
  });

  it("retries a 401 only once", async () => {
    const err = await rejection(providerFor(emulator).chat(ask("[[status:401]]"), ctx()));
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    expect(emulator.stats.tokenRequests).toBe(2);
  });

  it("surfaces an upstream 503 as a retryable UpstreamError", async () => {
    const err = await rejection(providerFor(emulator).chat(ask("[[status:503]]"), ctx()));
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("Emulated error 503");
  });

  it("surfaces a 429 with Retry-After", async () => {
    const err = await rejection(providerFor(emulator).chatStream(ask("[[status:429]]"), ctx()));
    expect(err.status).toBe(429);
    expect(err.options.code).toBe("rate_limit_exceeded");
    expect(err.options.retryAfterSeconds).toBe(2);
    expect(err.retryable).toBe(true);
  });

  it("maps an unknown model to 404", async () => {
    const err = await rejection(providerFor(emulator).chat(ask("hi", { model: "GigaChat-9" }), ctx()));
    expect(err.status).toBe(404);
    expect(err.options.code).toBe("model_not_found");
  });

  it("fails the stream when the connection drops mid-way", async () => {
    const { chunks } = await providerFor(emulator).chatStream(ask("a b c d e f [[cut:2]]"), ctx());
    const seen: ChatCompletionChunk[] = [];
    const err = await rejection(
      (async () => {
        for await (const chunk of chunks) seen.push(chunk);
      })(),
    );
    expect(err.status).toBe(502);
    expect(seen).toHaveLength(2);
  });

  it("reports health from GET /models", async () => {
    expect(await providerFor(emulator).health(ctx())).toMatchObject({ ok: true });
    const bad = providerFor({ ...emulator, baseUrl: "http://127.0.0.1:1/api/v1" });
    expect(await bad.health(ctx())).toMatchObject({ ok: false });
  });

  it("maps OAuth errors without leaking the credentials", async () => {
    const { createGigaChatProvider } = await import("./adapter");
    const wrongScope = createGigaChatProvider({
      credentials: TEST_CREDENTIALS,
      scope: "NOPE",
      authUrl: emulator.authUrl,
      baseUrl: emulator.baseUrl,
      store: new MemoryStore(),
    });
    const scopeErr = await rejection(wrongScope.chat(ask("hi"), ctx()));
    expect(scopeErr.status).toBe(400);
    expect(scopeErr.message).toContain("scope data format invalid");

    const otherScope = createGigaChatProvider({
      credentials: TEST_CREDENTIALS,
      scope: "GIGACHAT_API_CORP",
      authUrl: emulator.authUrl,
      baseUrl: emulator.baseUrl,
      store: new MemoryStore(),
    });
    const mismatch = await rejection(otherScope.chat(ask("hi"), ctx()));
    expect(mismatch.status).toBe(400);
    expect(mismatch.message).toContain("scope from db not fully includes consumed scope (code 7)");

    const badKey = Buffer.from("client-id:wrong-secret").toString("base64");
    const wrongKey = createGigaChatProvider({
      credentials: badKey,
      scope: TEST_SCOPE,
      authUrl: emulator.authUrl,
      baseUrl: emulator.baseUrl,
      store: new MemoryStore(),
    });
    const keyErr = await rejection(wrongKey.chat(ask("hi"), ctx()));
    expect(keyErr.status).toBe(401);
    expect(keyErr.options.code).toBe("upstream_auth_failed");
    expect(keyErr.retryable).toBe(false);
    expect(keyErr.message).toContain("credentials doesn't match db data");
    expect(keyErr.message).not.toContain(badKey);
    emulator.violations.length = 0;
  });

  it("wraps tool results that are not a JSON object, as GigaChat takes only objects", async () => {
    emulator.violations.length = 0;
    const provider = providerFor(emulator);
    const call = {
      id: "call_1",
      type: "function" as const,
      function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
    };
    const replyTo = async (result: string) => {
      const { completion } = await provider.chat(
        {
          model: "GigaChat-2-Max",
          tools: [weatherTool],
          messages: [
            { role: "user", content: "Oslo" },
            { role: "assistant", content: null, tool_calls: [call] },
            { role: "tool", tool_call_id: call.id, content: result },
          ],
        },
        ctx(),
      );
      return completion.choices[0]?.message.content;
    };
    expect(await replyTo("42")).toBe('Tool result: {"result":42}');
    expect(await replyTo("[1,2]")).toBe('Tool result: {"result":[1,2]}');
    expect(await replyTo('"fine"')).toBe('Tool result: {"result":"fine"}');
    expect(await replyTo("null")).toBe('Tool result: {"result":null}');
    expect(await replyTo("sunny, +3")).toBe('Tool result: {"result":"sunny, +3"}');
    expect(await replyTo('{"temp":3}')).toBe('Tool result: {"temp":3}');
    expect(emulator.violations).toEqual([]);
  });

  it("sends only fields and values GigaChat accepts for OpenAI-shaped requests", async () => {
    emulator.violations.length = 0;
    const provider = providerFor(emulator);
    const bare = { type: "function" as const, function: { name: "ping" } };
    await provider.chat(
      ask("a", {
        tools: [weatherTool, bare],
        tool_choice: { type: "function", function: { name: "ping" } },
        temperature: 0,
        max_completion_tokens: 5,
        parallel_tool_calls: false,
        response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" }, strict: true } },
      }),
      ctx(),
    );
    expect(emulator.lastChat()?.functions?.[1]).toEqual({
      name: "ping",
      parameters: { type: "object", properties: {} },
    });
    await provider.chat(ask("b", { response_format: { type: "json_object" }, temperature: 2, top_p: 1, n: 1 }), ctx());
    const { chunks } = await provider.chatStream(
      ask("c", { stream: true, stream_options: { include_usage: true }, reasoning_effort: "minimal" }),
      ctx(),
    );
    await collect(chunks);
    expect(emulator.violations).toEqual([]);
  });
});
