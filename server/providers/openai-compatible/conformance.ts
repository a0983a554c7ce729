/**
 * The behaviour every OpenAI-compatible provider must show against the vLLM-like emulator, shared by the
 * base, MTS and T-Bank tests (imported only from *.test.ts files).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletionChunk, ChatRequest } from "../openai";
import type { CallContext, Provider } from "../types";
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from "./emulator";

export interface ConformanceTarget {
  createProvider(config: { baseUrl: string; apiKey?: string }): Provider;
  /** Upstream model names the emulator serves. */
  chatModel: string;
  embeddingModel: string;
  basePath?: string;
}

export const ctx = (): CallContext => ({
  requestId: `req_${Math.random().toString(36).slice(2)}`,
  signal: new AbortController().signal,
});

export async function collect(chunks: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

export async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}

const API_KEY = "sk-test-emulator-key";
const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

export function describeOpenAICompatibleConformance(name: string, target: ConformanceTarget): void {
  describe(`${name}: OpenAI-compatible conformance`, () => {
    let emulator: OpenAICompatibleEmulator;
    let provider: Provider;
    const chatReq = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
      model: target.chatModel,
      messages: [{ role: "user", content: text }],
      ...extra,
    });

    beforeAll(async () => {
      emulator = await startOpenAICompatibleEmulator({
        apiKey: API_KEY,
        models: [target.chatModel, target.embeddingModel],
        reasoningField: "reasoning",
        basePath: target.basePath,
      });
      provider = target.createProvider({ baseUrl: emulator.baseUrl, apiKey: API_KEY });
    });
    afterAll(async () => {
      await emulator.close();
      // Like the gateway tests: the adapter sent nothing vLLM would refuse (the wrong-key tests clear theirs).
      expect(emulator.violations).toEqual([]);
    });

    it("answers a chat request", async () => {
      const { completion, dropped } = await provider.chat(chatReq("hello there"), ctx());
      expect(dropped).toEqual([]);
      expect(completion.object).toBe("chat.completion");
      expect(completion.choices[0]?.message.content).toBe("Echo: hello there");
      expect(completion.choices[0]?.finish_reason).toBe("stop");
      expect(completion.usage.completion_tokens).toBeGreaterThan(0);
      expect(completion.usage.total_tokens).toBe(completion.usage.prompt_tokens + completion.usage.completion_tokens);
      expect(emulator.lastRequest()?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    });

    it("streams deltas that concatenate to the reply, with usage on the last chunk", async () => {
      const { chunks } = await provider.chatStream(chatReq("stream me please"), ctx());
      const all = await collect(chunks);
      const text = all.map((c) => c.choices[0]?.delta.content ?? "").join("");
      expect(text).toBe("Echo: stream me please");
      expect(all.some((c) => c.choices[0]?.finish_reason === "stop")).toBe(true);
      const last = all.at(-1);
      expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
      expect(all.slice(0, -1).every((c) => c.usage === undefined)).toBe(true);
      expect(emulator.lastRequest()?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it("normalises the reasoning field to reasoning_content", async () => {
      const req = chatReq("why is the sky blue", { reasoning_effort: "high" });
      const { completion } = await provider.chat(req, ctx());
      expect(completion.choices[0]?.message.reasoning_content).toBe("Thinking about: why is the sky blue");
      expect(completion.choices[0]?.message).not.toHaveProperty("reasoning");
      const all = await collect((await provider.chatStream(req, ctx())).chunks);
      expect(all.map((c) => c.choices[0]?.delta.reasoning_content ?? "").join("")).toBe(
        "Thinking about: why is the sky blue",
      );
      expect(all.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: why is the sky blue");
    });

    it("rewrites what vLLM refuses into what means the same (top_p 0, empty stop, tool_choice without tools)", async () => {
      const req = chatReq("careful", { temperature: 0.7, top_p: 0, stop: ["", "END"], tool_choice: "auto" });
      const { completion, dropped } = await provider.chat(req, ctx());
      expect(completion.choices[0]?.message.content).toBe("Echo: careful");
      expect(dropped).toEqual([]);
      const body = emulator.lastRequest()?.body as Record<string, unknown>;
      expect(body).toMatchObject({ temperature: 0, stop: ["END"] });
      expect(body).not.toHaveProperty("top_p");
      expect(body).not.toHaveProperty("tool_choice");
      await provider.chat(chatReq("careful", { stop: "" }), ctx());
      expect(emulator.lastRequest()?.body).not.toHaveProperty("stop");
    });

    it("round-trips a tool call", async () => {
      const first = await provider.chat(chatReq("Moscow", { tools: [weatherTool] }), ctx());
      const choice = first.completion.choices[0];
      expect(choice?.finish_reason).toBe("tool_calls");
      const call = choice?.message.tool_calls?.[0];
      expect(call?.id).toBeTruthy();
      expect(call?.function.name).toBe("get_weather");
      expect(JSON.parse(call?.function.arguments ?? "")).toEqual({ city: "Moscow" });

      const second = await provider.chat(
        chatReq("", {
          tools: [weatherTool],
          messages: [
            { role: "user", content: "Moscow" },
            { role: "assistant", content: null, tool_calls: call ? [call] : [] },
            { role: "tool", tool_call_id: call?.id ?? "", content: "sunny" },
          ],
        }),
        ctx(),
      );
      expect(second.completion.choices[0]?.message.content).toBe("Tool result: sunny");
    });

    it("streams a tool call with an id and string arguments", async () => {
      const all = await collect((await provider.chatStream(chatReq("Kazan", { tools: [weatherTool] }), ctx())).chunks);
      const deltas = all.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
      expect(deltas[0]?.id).toBeTruthy();
      expect(deltas[0]?.function.name).toBe("get_weather");
      expect(deltas.every((d) => typeof d.function.arguments === "string")).toBe(true);
      expect(JSON.parse(deltas.map((d) => d.function.arguments).join(""))).toEqual({ city: "Kazan" });
      expect(all.some((c) => c.choices[0]?.finish_reason === "tool_calls")).toBe(true);
    });

    it("embeds an array of inputs", async () => {
      const result = await provider.embeddings(target.embeddingModel, ["первый", "second"], ctx());
      expect(result.vectors).toHaveLength(2);
      expect(result.vectors[0]?.length).toBeGreaterThan(0);
      expect(result.vectors[0]).not.toEqual(result.vectors[1]);
      expect(result.promptTokens).toBeGreaterThan(0);
      expect(emulator.lastRequest()?.body).toMatchObject({ model: target.embeddingModel, input: ["первый", "second"] });
    });

    it("reports health from GET /models", async () => {
      expect((await provider.health(ctx())).ok).toBe(true);
      const wrong = target.createProvider({ baseUrl: emulator.baseUrl, apiKey: "sk-wrong" });
      const health = await wrong.health(ctx());
      expect(health.ok).toBe(false);
      expect(health.message).toContain("401");
      expect(emulator.violations.splice(0)).toEqual([
        { method: "GET", path: `${new URL(emulator.baseUrl).pathname}/models`, status: 401 },
      ]);
    });

    it("turns a wrong key into a non-retryable 401", async () => {
      const wrong = target.createProvider({ baseUrl: emulator.baseUrl, apiKey: "sk-wrong" });
      const err = await rejection(wrong.chat(chatReq("hi"), ctx()));
      expect(err.status).toBe(401);
      expect(err.options.code).toBe("invalid_api_key");
      expect(err.retryable).toBe(false);
      expect(emulator.violations.splice(0).map((v) => v.status)).toEqual([401]);
    });

    it("turns [[status:503]] into a retryable 503, before the first chunk when streaming", async () => {
      const err = await rejection(provider.chat(chatReq("boom [[status:503]]"), ctx()));
      expect(err.status).toBe(503);
      expect(err.retryable).toBe(true);
      const streamErr = await rejection(provider.chatStream(chatReq("boom [[status:503]]"), ctx()));
      expect(streamErr.status).toBe(503);
    });

    it("carries Retry-After of a 429 as retryAfterSeconds", async () => {
      const err = await rejection(provider.chat(chatReq("slow down [[status:429]]"), ctx()));
      expect(err.status).toBe(429);
      expect(err.options.code).toBe("rate_limit_exceeded");
      expect(err.options.retryAfterSeconds).toBe(7);
      expect(err.retryable).toBe(true);
    });

    it("throws from the chunk iterator when the stream is cut ([[cut:2]])", async () => {
      const { chunks } = await provider.chatStream(chatReq("one two three four five [[cut:2]]"), ctx());
      const seen: ChatCompletionChunk[] = [];
      const err = await rejection(
        (async () => {
          for await (const chunk of chunks) seen.push(chunk);
        })(),
      );
      expect(err.status).toBe(502);
      expect(seen).toHaveLength(3); // the role chunk and the two chunks sent before the cut
      expect(seen.some((c) => c.choices[0]?.finish_reason)).toBe(false);
    });
  });
}
