import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletionChunk, ChatRequest } from "../openai";
import type { CallContext, Provider } from "../types";
import { createYandexProvider } from "./adapter";
import { toCompatRequest } from "./compat";
import { startYandexEmulator, type YandexEmulator } from "./emulator";
import { YANDEX_MODELS, yandexSurface } from "./models";

const API_KEY = "AQVN-compat-key";
const FOLDER = "b1gcompatfolder";
const COMPAT = "/v1/chat/completions";
const NATIVE = "/foundationModels/v1/completion";

let emulator: YandexEmulator;
let provider: Provider;

const ctx = (): CallContext => ({ requestId: "req_compat", signal: AbortSignal.timeout(10_000) });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "gpt-oss-120b/latest",
  messages: [{ role: "user", content }],
  ...extra,
});
const tools: ChatRequest["tools"] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

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

const sentBody = () => emulator.lastRequest()?.body as Record<string, unknown>;
const count = (path: string) => emulator.requestCounts()[path] ?? 0;

beforeAll(async () => {
  emulator = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER });
  provider = createYandexProvider({ apiKey: API_KEY, folderId: FOLDER, baseUrl: `${emulator.baseUrl}/` });
});
afterAll(() => emulator.close());

describe("yandex models and surfaces", () => {
  it("lists the compat-only models with their contexts and estimated prices", () => {
    const byId = new Map(YANDEX_MODELS.map((m) => [m.id, m]));
    expect(byId.get("yandex/qwen3-235b-a22b-fp8")).toMatchObject({
      upstreamModel: "qwen3-235b-a22b-fp8/latest",
      contextLength: 262_144,
      pricing: { inputRubPer1M: 500, outputRubPer1M: 500, status: "estimate" },
    });
    expect(byId.get("yandex/gpt-oss-120b")?.pricing.inputRubPer1M).toBe(300);
    expect(byId.get("yandex/gpt-oss-20b")).toMatchObject({ contextLength: 131_072, pricing: { inputRubPer1M: 100 } });
    expect(byId.get("yandex/gemma-3-27b-it")?.contextLength).toBe(131_072);
    expect(provider.models().map((m) => m.id)).toContain("yandex/gpt-oss-20b");
  });

  it("routes by model name, whatever form the reference takes", () => {
    for (const model of ["gpt-oss-20b/latest", "yandex/qwen3-235b-a22b-fp8", `gpt://${FOLDER}/gemma-3-27b-it/latest`]) {
      expect(yandexSurface(model)).toBe("openai");
    }
    for (const model of ["yandexgpt/latest", "yandexgpt/rc", "aliceai-llm", "yandex/yandexgpt-lite", "llama"]) {
      expect(yandexSurface(model)).toBe("native");
    }
  });

  it("shapes the compat body: full URI, stop/seed dropped, stream_options never sent, tool_choice limited", () => {
    const { body, dropped } = toCompatRequest(
      ask("hi", { stop: ["x"], seed: 1, tool_choice: "required", stream_options: { include_usage: true } }),
      FOLDER,
      true,
    );
    expect(dropped).toEqual(["stop", "seed", "tool_choice"]);
    expect(body).toEqual({
      model: `gpt://${FOLDER}/gpt-oss-120b/latest`,
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const named = toCompatRequest(
      ask("hi", { tool_choice: { type: "function", function: { name: "f" } } }),
      FOLDER,
      false,
    );
    expect(named.dropped).toEqual(["tool_choice"]);
    expect(toCompatRequest(ask("hi", { tools, tool_choice: "none" }), FOLDER, false).body.tool_choice).toBe("none");
  });
});

describe("yandex provider: OpenAI-compatible surface against the emulator", () => {
  it("chats through /v1/chat/completions with the gpt:// URI, Bearer key and OpenAI-Project", async () => {
    const native = count(NATIVE);
    const compat = count(COMPAT);
    const { completion, dropped } = await provider.chat(ask("Привет, мир", { temperature: 1.5 }), ctx());
    expect(dropped).toEqual([]);
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toBe("Echo: Привет, мир");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage.completion_tokens).toBe(3);
    expect(completion.usage.total_tokens).toBe(completion.usage.prompt_tokens + 3);

    const sent = emulator.lastRequest()!;
    expect(sent.path).toBe(COMPAT);
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.headers["openai-project"]).toBe(FOLDER);
    // The compat surface takes OpenAI's 0..2 temperature as it is.
    expect(sent.body).toMatchObject({ model: `gpt://${FOLDER}/gpt-oss-120b/latest`, temperature: 1.5 });
    expect(count(COMPAT)).toBe(compat + 1);
    expect(count(NATIVE)).toBe(native);
  });

  it("resolves public ids to the upstream model", async () => {
    const { completion } = await provider.chat(ask("hello", { model: "yandex/qwen3-235b-a22b-fp8" }), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: hello");
    expect(sentBody().model).toBe(`gpt://${FOLDER}/qwen3-235b-a22b-fp8/latest`);
  });

  it("keeps the YandexGPT models on the native API", async () => {
    const native = count(NATIVE);
    const compat = count(COMPAT);
    const { completion } = await provider.chat(ask("hi", { model: "yandexgpt/latest" }), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: hi");
    await collect((await provider.chatStream(ask("a b", { model: "yandexgpt-lite/latest" }), ctx())).chunks);
    expect(count(NATIVE)).toBe(native + 2);
    expect(count(COMPAT)).toBe(compat);
    expect(emulator.lastRequest()?.path).toBe(NATIVE);
  });

  it("drops stop, seed and an unsupported tool_choice, reporting only what was set", async () => {
    const { completion, dropped } = await provider.chat(
      ask("Moscow", { stop: "\n", seed: 42, tools, tool_choice: "required" }),
      ctx(),
    );
    expect(dropped).toEqual(["stop", "seed", "tool_choice"]);
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    const body = sentBody();
    for (const key of ["stop", "seed", "tool_choice", "stream_options"]) expect(body).not.toHaveProperty(key);

    const plain = await provider.chat(ask("hi", { stop: null, tools, tool_choice: "auto" }), ctx());
    expect(plain.dropped).toEqual([]);
    expect(sentBody().tool_choice).toBe("auto");
  });

  it("streams deltas that join to the full reply, without stream_options and without a usage chunk", async () => {
    const { chunks, dropped } = await provider.chatStream(
      ask("the quick brown fox jumps", { stream_options: { include_usage: true } }),
      ctx(),
    );
    // The gateway answers include_usage itself, so stream_options is not reported as dropped.
    expect(dropped).toEqual([]);
    const all = await collect(chunks);
    expect(sentBody()).toMatchObject({ stream: true });
    expect(sentBody()).not.toHaveProperty("stream_options");
    expect(all.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: the quick brown fox jumps");
    expect(all[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(all.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(all.every((c) => !c.usage)).toBe(true);
  });

  it("passes a usage chunk through as the last chunk when the upstream sends one", async () => {
    const withUsage = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER, compatStreamUsage: true });
    try {
      const p = createYandexProvider({ apiKey: API_KEY, folderId: FOLDER, baseUrl: withUsage.baseUrl });
      const all = await collect((await p.chatStream(ask("one two three"), ctx())).chunks);
      expect(all.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: one two three");
      const last = all.at(-1)!;
      expect(last.choices).toEqual([]);
      expect(last.usage?.completion_tokens).toBe(4);
      expect(all.slice(0, -1).every((c) => !c.usage)).toBe(true);
    } finally {
      await withUsage.close();
    }
  });

  it("round-trips a tool call", async () => {
    const first = await provider.chat(ask("Moscow", { tools }), ctx());
    const choice = first.completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls?.[0];
    expect(call?.id).toBeTruthy();
    expect(call?.function).toEqual({ name: "get_weather", arguments: '{"city":"Moscow"}' });

    const second = await provider.chat(
      {
        model: "gpt-oss-120b/latest",
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
    // The OpenAI shape goes through untouched: tool_calls with ids, a tool message with tool_call_id.
    expect(sentBody().messages).toMatchObject([{}, { tool_calls: [{ id: call!.id }] }, { tool_call_id: call!.id }]);
  });

  it("streams a tool call", async () => {
    const all = await collect((await provider.chatStream(ask("Kazan", { tools }), ctx())).chunks);
    const deltas = all.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather" } });
    expect(deltas.map((d) => d.function.arguments).join("")).toBe('{"city":"Kazan"}');
    expect(all.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("turns a wrong api key into a 401 UpstreamError", async () => {
    const wrong = createYandexProvider({ apiKey: "AQVN-wrong", folderId: FOLDER, baseUrl: emulator.baseUrl });
    const err = await rejection(wrong.chat(ask("hi"), ctx()));
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^yandex HTTP 401: /);
    expect(emulator.lastRequest()?.path).toBe(COMPAT);
  });

  it("reads the native grpc-gateway error shape on the compat surface too", async () => {
    const grpc = await startYandexEmulator({ apiKey: API_KEY, folderId: FOLDER, compatErrorShape: "native" });
    try {
      const wrong = createYandexProvider({ apiKey: "AQVN-wrong", folderId: FOLDER, baseUrl: grpc.baseUrl });
      const err = await rejection(wrong.chatStream(ask("hi"), ctx()));
      expect(err.status).toBe(401);
      expect(err.message).toContain("Unknown api key");
      const ok = createYandexProvider({ apiKey: API_KEY, folderId: FOLDER, baseUrl: grpc.baseUrl });
      const limited = await rejection(ok.chat(ask("[[status:429]]"), ctx()));
      expect(limited.status).toBe(429);
      expect(limited.options.code).toBe("rate_limit_exceeded");
    } finally {
      await grpc.close();
    }
  });

  it("maps 429 to a retryable rate_limit_exceeded before the first stream chunk", async () => {
    const err = await rejection(provider.chatStream(ask("[[status:429]]"), ctx()));
    expect(err.status).toBe(429);
    expect(err.options.code).toBe("rate_limit_exceeded");
    expect(err.retryable).toBe(true);
  });

  it("maps Yandex's context-overflow text to context_length_exceeded", async () => {
    const err = await rejection(provider.chat(ask("x".repeat(600_000), { model: "gpt-oss-20b/latest" }), ctx()));
    expect(err.status).toBe(400);
    expect(err.options.code).toBe("context_length_exceeded");
    expect(err.message).toContain("number of input tokens must be no more than 131072");
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

  it("authenticates with an IAM token as Bearer plus OpenAI-Project", async () => {
    const iam = createYandexProvider({ iamToken: API_KEY, folderId: FOLDER, baseUrl: emulator.baseUrl });
    const { completion } = await iam.chat(ask("hi", { model: "gemma-3-27b-it/latest" }), ctx());
    expect(completion.choices[0]?.message.content).toBe("Echo: hi");
    expect(emulator.lastRequest()?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      "openai-project": FOLDER,
      "x-folder-id": FOLDER,
    });
  });
});
