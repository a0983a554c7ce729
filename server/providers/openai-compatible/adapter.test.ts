import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, sendJson, startEmulatorServer } from "../emulator/server";
import { createOpenAICompatibleProvider } from "./adapter";
import { collect, ctx, describeOpenAICompatibleConformance, rejection } from "./conformance";
import { startOpenAICompatibleEmulator } from "./emulator";
import { defineModel } from "./models";

describeOpenAICompatibleConformance("openai-compatible base", {
  createProvider: ({ baseUrl, apiKey }) => createOpenAICompatibleProvider({ id: "mts", baseUrl, apiKey, models: [] }),
  chatModel: "Qwen/Qwen3-32B",
  embeddingModel: "BAAI/bge-m3",
});

describe("openai-compatible base: request shaping", () => {
  const model = defineModel("mts", {
    id: "mts/some-model",
    upstreamModel: "some-model",
    name: "Some model",
    contextLength: 32768,
    price: { input: 1, output: 1, status: "estimate" },
  });
  let emulator: Awaited<ReturnType<typeof startOpenAICompatibleEmulator>>;
  beforeAll(async () => {
    emulator = await startOpenAICompatibleEmulator({ reasoningField: "reasoning_content" });
  });
  afterAll(() => emulator.close());

  it("drops configured params, merges extra body, maps developer to system and resolves public ids", async () => {
    const provider = createOpenAICompatibleProvider({
      id: "mts",
      baseUrl: `${emulator.baseUrl}/`,
      models: [model],
      quirks: { dropParams: ["seed", "parallel_tool_calls"], extraBody: () => ({ top_k: 20 }) },
    });
    const { dropped } = await provider.chat(
      {
        model: "mts/some-model",
        seed: 7,
        temperature: null,
        messages: [
          { role: "developer", content: "be brief" },
          { role: "user", content: "hi" },
        ],
      },
      ctx(),
    );
    expect(dropped).toEqual(["seed"]);
    const body = emulator.lastRequest()?.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: "some-model", top_k: 20, messages: [{ role: "system" }, { role: "user" }] });
    expect(body).not.toHaveProperty("seed");
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("stream");
    expect(emulator.lastRequest()?.headers.authorization).toBeUndefined();
  });

  it('leaves out reasoning_effort "minimal" (vLLM takes low, medium or high) and reports it dropped', async () => {
    const provider = createOpenAICompatibleProvider({ id: "mts", baseUrl: emulator.baseUrl, models: [] });
    const req = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };
    const { dropped } = await provider.chat({ ...req, reasoning_effort: "minimal" }, ctx());
    expect(dropped).toEqual(["reasoning_effort"]);
    expect(emulator.lastRequest()?.body).not.toHaveProperty("reasoning_effort");
    expect((await provider.chat({ ...req, reasoning_effort: "low" }, ctx())).dropped).toEqual([]);
    expect(emulator.lastRequest()?.body).toMatchObject({ reasoning_effort: "low" });
    expect(emulator.violations).toEqual([]);
  });

  it("passes reasoning_content through unchanged", async () => {
    const provider = createOpenAICompatibleProvider({ id: "mts", baseUrl: emulator.baseUrl, models: [] });
    const { completion } = await provider.chat({ model: "m", messages: [{ role: "user", content: "think" }] }, ctx());
    expect(completion.choices[0]?.message.reasoning_content).toBe("Thinking about: think");
    const all = await collect(
      (await provider.chatStream({ model: "m", messages: [{ role: "user", content: "think" }] }, ctx())).chunks,
    );
    expect(all.map((c) => c.choices[0]?.delta.reasoning_content ?? "").join("")).toBe("Thinking about: think");
  });
});

describe("openai-compatible base: odd upstreams", () => {
  let server: RunningEmulator;
  const replies: Record<string, (res: ServerResponse) => void> = {
    "/vllm-error/chat/completions": (res) =>
      sendJson(res, 400, {
        object: "error",
        message: "This model's maximum context length is 32768 tokens.",
        type: "BadRequestError",
        param: null,
        code: 400,
      }),
    "/litellm-error/chat/completions": (res) =>
      sendJson(res, 401, {
        error: { message: "Authentication Error, invalid key", type: "auth_error", param: "None", code: "401" },
      }),
    "/html-error/chat/completions": (res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    },
    "/stream-error/chat/completions": (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(
        `data: ${JSON.stringify({ id: "x", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`,
      );
      res.end(`data: ${JSON.stringify({ error: { message: "engine died", code: 500 } })}\n\n`);
    },
    "/object-args/chat/completions": (res) =>
      sendJson(res, 200, {
        choices: [
          {
            message: { content: null, tool_calls: [{ function: { name: "f", arguments: { a: 1 } } }] },
            finish_reason: "stop",
          },
        ],
      }),
  };
  beforeAll(async () => {
    server = await startEmulatorServer((req, _body, res) => {
      const handler = replies[req.url ?? ""];
      if (handler) handler(res);
      else sendJson(res, 404, { detail: "Not Found" });
    });
  });
  afterAll(() => server.close());
  const providerAt = (path: string) =>
    createOpenAICompatibleProvider({ id: "tbank", baseUrl: `${server.url}${path}`, models: [] });
  const req = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };

  it("reads vLLM's flat error body and spots context-length errors", async () => {
    const err = await rejection(providerAt("/vllm-error").chat(req, ctx()));
    expect(err.status).toBe(400);
    expect(err.message).toContain("maximum context length");
    expect(err.options.code).toBe("context_length_exceeded");
  });

  it("ignores numeric-string codes (LiteLLM) and derives the code from the status", async () => {
    const err = await rejection(providerAt("/litellm-error").chat(req, ctx()));
    expect(err.status).toBe(401);
    expect(err.options.code).toBe("invalid_api_key");
  });

  it("keeps the status of a non-JSON error page", async () => {
    const err = await rejection(providerAt("/html-error").chat(req, ctx()));
    expect(err.status).toBe(502);
    expect(err.retryable).toBe(true);
  });

  it("throws on an error event inside the stream", async () => {
    const { chunks } = await providerAt("/stream-error").chatStream(req, ctx());
    const err = await rejection(collect(chunks));
    expect(err.message).toBe("engine died");
  });

  it("fills a missing tool-call id, stringifies object arguments and fixes the finish reason", async () => {
    const { completion } = await providerAt("/object-args").chat(req, ctx());
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.tool_calls?.[0]?.id).toMatch(/^call_/);
    expect(choice?.message.tool_calls?.[0]?.function.arguments).toBe('{"a":1}');
  });

  it("reports an unreachable upstream as unhealthy", async () => {
    const health = await createOpenAICompatibleProvider({
      id: "mts",
      baseUrl: "http://127.0.0.1:9/v1",
      models: [],
    }).health(ctx());
    expect(health.ok).toBe(false);
  });
});
