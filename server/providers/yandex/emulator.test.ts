import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startYandexEmulator, YANDEX_EMULATOR_DEFAULTS } from "./emulator";

let emulator: Awaited<ReturnType<typeof startYandexEmulator>>;
const uri = `gpt://${YANDEX_EMULATOR_DEFAULTS.folderId}/yandexgpt-lite/latest`;

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const res = await request(emulator.baseUrl + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

const apiKey = { authorization: `Api-Key ${YANDEX_EMULATOR_DEFAULTS.apiKey}` };

beforeAll(async () => {
  emulator = await startYandexEmulator();
});
afterAll(() => emulator.close());

describe("yandex emulator wire format", () => {
  it("answers 401 with a grpc-gateway error body without auth, or with a Bearer token but no x-folder-id", async () => {
    const cases: Record<string, string>[] = [{}, { authorization: `Bearer ${YANDEX_EMULATOR_DEFAULTS.apiKey}` }];
    for (const headers of cases) {
      const res = await post("/foundationModels/v1/completion", {}, headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({
        error: { grpcCode: 16, httpCode: 401, httpStatus: "Unauthorized", details: [] },
      });
    }
  });

  it("wraps completions in result with string usage", async () => {
    const body = { modelUri: uri, completionOptions: { stream: false }, messages: [{ role: "user", text: "hi" }] };
    const res = await post("/foundationModels/v1/completion", body, apiKey);
    expect(JSON.parse(res.text)).toEqual({
      result: {
        alternatives: [{ message: { role: "assistant", text: "Echo: hi" }, status: "ALTERNATIVE_STATUS_FINAL" }],
        usage: {
          inputTextTokens: "1",
          completionTokens: "2",
          totalTokens: "3",
          completionTokensDetails: { reasoningTokens: "0" },
        },
        modelVersion: expect.any(String),
      },
    });
  });

  it("streams NDJSON with cumulative text and no [DONE]", async () => {
    const body = { modelUri: uri, completionOptions: { stream: true }, messages: [{ role: "user", text: "a b" }] };
    const res = await post("/foundationModels/v1/completion", body, apiKey);
    const lines = res.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { result: { alternatives: { message: { text: string }; status: string }[] } });
    expect(lines.map((l) => l.result.alternatives[0]?.message.text)).toEqual(["Echo:", "Echo: a", "Echo: a b"]);
    expect(lines.map((l) => l.result.alternatives[0]?.status)).toEqual([
      "ALTERNATIVE_STATUS_PARTIAL",
      "ALTERNATIVE_STATUS_PARTIAL",
      "ALTERNATIVE_STATUS_FINAL",
    ]);
    expect(res.text).not.toContain("[DONE]");
  });

  it("rejects invalid roles and temperatures above 1 with 400", async () => {
    const role = await post(
      "/foundationModels/v1/completion",
      { modelUri: uri, messages: [{ role: "tool", text: "x" }] },
      apiKey,
    );
    expect(role.status).toBe(400);
    expect(JSON.parse(role.text).error.message).toContain("invalid message role 'tool'");
    const temperature = await post(
      "/foundationModels/v1/completion",
      { modelUri: uri, completionOptions: { temperature: 1.5 }, messages: [{ role: "user", text: "x" }] },
      apiKey,
    );
    expect(temperature.status).toBe(400);
  });

  it("embeds one text deterministically with numTokens as a string", async () => {
    const body = { modelUri: `emb://${YANDEX_EMULATOR_DEFAULTS.folderId}/text-search-doc/latest`, text: "hello there" };
    const a = JSON.parse((await post("/foundationModels/v1/textEmbedding", body, apiKey)).text);
    const b = JSON.parse((await post("/foundationModels/v1/textEmbedding", body, apiKey)).text);
    expect(a.embedding).toHaveLength(256);
    expect(a.embedding).toEqual(b.embedding);
    expect(a.numTokens).toBe("3");
  });
});

describe("yandex emulator: native requests refused as the real API refuses them", () => {
  const completion = (extra: Record<string, unknown> = {}) => ({
    modelUri: uri,
    completionOptions: { stream: false },
    messages: [{ role: "user", text: "hi" }],
    ...extra,
  });
  const weather = [{ function: { name: "weather", parameters: { type: "object" } } }];
  const call = {
    role: "assistant",
    toolCallList: { toolCalls: [{ functionCall: { name: "weather", arguments: {} } }] },
  };
  const result = { toolResultList: { toolResults: [{ functionResult: { name: "weather", content: "8°C" } }] } };

  /** What grpc-gateway answers when the body does not decode into the request message. */
  async function expectDecodeError(body: unknown, text: RegExp) {
    const violations = emulator.violations.length;
    const res = await post("/foundationModels/v1/completion", body, apiKey);
    expect(res.status).toBe(400);
    const parsed = JSON.parse(res.text);
    expect(parsed).toEqual({ error: expect.stringMatching(text), code: 3, message: parsed.error, details: [] });
    expect(emulator.violations.slice(violations)).toEqual([
      { method: "POST", path: "/foundationModels/v1/completion", status: 400 },
    ]);
  }

  /** What the service answers for a body that decodes but is not valid. */
  async function expectServiceError(body: unknown, text: RegExp) {
    const res = await post("/foundationModels/v1/completion", body, apiKey);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({
      error: {
        grpcCode: 3,
        httpCode: 400,
        message: expect.stringMatching(new RegExp(`^Error in session .*: ${text.source}`)),
        httpStatus: "Bad Request",
        details: [],
      },
    });
  }

  it("refuses an unknown top-level field", async () => {
    await expectDecodeError(completion({ model: "yandexgpt" }), /^unknown field "model" in .*\.CompletionRequest$/);
  });

  it("refuses an unknown nested field", async () => {
    await expectDecodeError(
      completion({ completionOptions: { stream: false, topP: 0.5 } }),
      /^unknown field "topP" in .*\.CompletionOptions$/,
    );
  });

  it("refuses tool-call arguments sent as a JSON string (a google.protobuf.Struct is an object)", async () => {
    const stringly = { toolCalls: [{ functionCall: { name: "weather", arguments: '{"city":"Moscow"}' } }] };
    await expectDecodeError(
      completion({
        messages: [
          { role: "user", text: "hi" },
          { role: "assistant", toolCallList: stringly },
        ],
      }),
      /arguments/,
    );
  });

  it("refuses reasoningOptions.mode outside the enum", async () => {
    await expectDecodeError(
      completion({ completionOptions: { reasoningOptions: { mode: "ON" } } }),
      /enum .*ReasoningMode field completionOptions\.reasoningOptions\.mode: "ON"/,
    );
  });

  it("refuses jsonObject together with jsonSchema (one oneof)", async () => {
    await expectDecodeError(
      completion({ jsonObject: true, jsonSchema: { schema: { type: "object" } } }),
      /oneof .*CompletionRequest\.ResponseFormat is already set/,
    );
  });

  it('refuses toolChoice: "auto" (a ToolChoice message is an object) with a 400, not a crash', async () => {
    await expectDecodeError(completion({ tools: weather, toolChoice: "auto" }), /toolChoice: "auto"/);
  });

  it("refuses a null message with a 400, not a crash", async () => {
    await expectDecodeError(completion({ messages: [null, { role: "user", text: "hi" }] }), /messages\[0\]: null/);
  });

  it("refuses toolResultList in an assistant message", async () => {
    await expectServiceError(
      completion({ tools: weather, messages: [{ role: "user", text: "hi" }, call, { role: "assistant", ...result }] }),
      /messages\[2\]: toolResultList is allowed only in a user message/,
    );
  });

  it("refuses a model the API does not serve", async () => {
    await expectServiceError(
      completion({ modelUri: `gpt://${YANDEX_EMULATOR_DEFAULTS.folderId}/gpt-5/latest` }),
      /invalid model_uri/,
    );
  });

  it('refuses maxTokens "0" (it must be greater than zero)', async () => {
    await expectServiceError(
      completion({ completionOptions: { maxTokens: "0" } }),
      /maxTokens must be greater than zero/,
    );
  });

  it("refuses a forced function that is not among the tools", async () => {
    await expectServiceError(
      completion({ tools: weather, toolChoice: { functionName: "calendar" } }),
      /toolChoice.functionName 'calendar' is not one of the tools/,
    );
  });

  it("refuses another folder's model URI with an API key", async () => {
    await expectServiceError(
      completion({ modelUri: "gpt://b1gother/yandexgpt/latest" }),
      /Specified folder ID does not match with service account/,
    );
  });

  it("accepts what proto3 JSON allows: snake_case names, int64 as a number, null as unset, enum numbers", async () => {
    const res = await post(
      "/foundationModels/v1/completion",
      {
        model_uri: uri,
        completion_options: { stream: false, max_tokens: 5, temperature: "0.5", reasoning_options: { mode: 1 } },
        messages: [{ role: "user", text: "hi", tool_call_list: null }],
        jsonObject: true,
        jsonSchema: null,
        toolChoice: null,
      },
      apiKey,
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).result.alternatives[0].message.text).toBe("Echo: hi");
  });

  it("accepts a tool round trip as the docs send it", async () => {
    const res = await post(
      "/foundationModels/v1/completion",
      completion({
        tools: weather,
        toolChoice: { mode: "AUTO" },
        messages: [{ role: "user", text: "weather?" }, call, { role: "user", ...result }],
      }),
      apiKey,
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).result.alternatives[0].message.text).toBe("Tool result: 8°C");
  });
});

describe("yandex emulator: OpenAI-compatible surface", () => {
  const folder = YANDEX_EMULATOR_DEFAULTS.folderId;
  const compat = (model = "gpt-oss-20b/latest") => ({
    model: `gpt://${folder}/${model}`,
    messages: [{ role: "user", content: "a b" }],
  });
  const bearer = { authorization: `Bearer ${YANDEX_EMULATOR_DEFAULTS.apiKey}`, "openai-project": folder };

  it("answers JSON chat completions with Bearer or Api-Key plus OpenAI-Project", async () => {
    for (const auth of [bearer, { ...apiKey, "openai-project": folder }]) {
      const res = await post("/v1/chat/completions", compat(), auth);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({
        object: "chat.completion",
        model: `gpt://${folder}/gpt-oss-20b/latest`,
        choices: [{ message: { role: "assistant", content: "Echo: a b" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      });
    }
  });

  it("streams OpenAI SSE ending in [DONE], with no usage chunk by default", async () => {
    const res = await post("/v1/chat/completions", { ...compat(), stream: true }, bearer);
    const events = res.text.split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, "")));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: a b");
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
  });

  it("rejects bad auth, a missing or foreign OpenAI-Project with OpenAI-shaped errors", async () => {
    const cases: [Record<string, string>, number][] = [
      [{}, 401],
      [{ authorization: "Bearer wrong", "openai-project": folder }, 401],
      [{ authorization: bearer.authorization }, 401],
      [{ ...bearer, "openai-project": "b1gother" }, 403],
    ];
    for (const [headers, status] of cases) {
      const res = await post("/v1/chat/completions", compat(), headers);
      expect(res.status).toBe(status);
      const body = JSON.parse(res.text);
      expect(body.error).toMatchObject({
        message: expect.stringMatching(/^Error in session /),
        type: expect.any(String),
      });
      expect(body.error).not.toHaveProperty("grpcCode");
    }
  });

  it("requires a gpt:// URI in the configured folder naming a served model", async () => {
    const bare = await post("/v1/chat/completions", { ...compat(), model: "gpt-oss-20b/latest" }, bearer);
    expect(bare.status).toBe(400);
    expect(JSON.parse(bare.text).error.type).toBe("invalid_request_error");
    const foreign = await post(
      "/v1/chat/completions",
      { ...compat(), model: "gpt://b1gother/gpt-oss-20b/latest" },
      bearer,
    );
    expect(foreign.status).toBe(403);
    const unknown = await post("/v1/chat/completions", compat("no-such-model/latest"), bearer);
    expect(unknown.status).toBe(404);
  });

  it("rejects tool_choice other than auto/none and the unsupported stop, seed, stream_options", async () => {
    const tools = [{ type: "function", function: { name: "f" } }];
    for (const extra of [
      { tools, tool_choice: "required" },
      { tools, tool_choice: { type: "function", function: { name: "f" } } },
      { stop: ["x"] },
      { seed: 1 },
      { stream: true, stream_options: { include_usage: true } },
    ]) {
      const res = await post("/v1/chat/completions", { ...compat(), ...extra }, bearer);
      expect(res.status).toBe(400);
    }
    const ok = await post("/v1/chat/completions", { ...compat(), tools, tool_choice: "none" }, bearer);
    expect(JSON.parse(ok.text).choices[0].message.content).toBe("Echo: a b");
  });

  it("does not serve compat-only models on the native API, and counts requests per path", async () => {
    const before = emulator.requestCounts()["/foundationModels/v1/completion"] ?? 0;
    const body = {
      modelUri: `gpt://${folder}/qwen3-235b-a22b-fp8/latest`,
      completionOptions: { stream: false },
      messages: [{ role: "user", text: "hi" }],
    };
    const res = await post("/foundationModels/v1/completion", body, apiKey);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ grpcCode: 3, httpCode: 400 });
    expect(JSON.parse(res.text).error.message).toContain("invalid model_uri");
    expect(emulator.requestCounts()["/foundationModels/v1/completion"]).toBe(before + 1);
  });

  it("lists its models in OpenAI's shape: gpt:// and emb:// URIs in the folder, owned_by, created 0", async () => {
    const res = await request(`${emulator.baseUrl}/v1/models`, { headers: bearer });
    expect(res.statusCode).toBe(200);
    const body = (await res.body.json()) as { object: string; data: Record<string, unknown>[] };
    expect(body.object).toBe("list");
    expect(body.data).toContainEqual({
      id: `gpt://${folder}/yandexgpt/latest`,
      object: "model",
      owned_by: "Yandex",
      created: 0,
    });
    expect(body.data).toContainEqual({
      id: `gpt://${folder}/gpt-oss-20b/latest`,
      object: "model",
      owned_by: "OpenAI",
      created: 0,
    });
    expect(body.data).toContainEqual({
      id: `emb://${folder}/text-search-query/latest`,
      object: "model",
      owned_by: "Yandex",
      created: 0,
    });
    const anonymous = await request(`${emulator.baseUrl}/v1/models`);
    expect(anonymous.statusCode).toBe(401);
    expect(((await anonymous.body.json()) as { error: unknown }).error).toMatchObject({ type: "authentication_error" });
  });

  it("embeds one text over /v1/embeddings like the native textEmbedding, in OpenAI's shape", async () => {
    const model = `emb://${folder}/text-search-doc/latest`;
    for (const input of ["hello there", ["hello there"]]) {
      const res = await post("/v1/embeddings", { model, input, encoding_format: "float" }, bearer);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(body).toEqual({
        object: "list",
        model,
        data: [{ index: 0, embedding: expect.any(Array), object: "embedding" }],
        usage: { prompt_tokens: 3, total_tokens: 3 },
      });
      const native = await post("/foundationModels/v1/textEmbedding", { modelUri: model, text: "hello there" }, apiKey);
      expect(body.data[0].embedding).toEqual(JSON.parse(native.text).embedding);
    }
  });

  it.each([
    ["two texts", { input: ["a", "b"] }, 400],
    ["an empty text", { input: "" }, 400],
    ["base64 encoding", { input: "a", encoding_format: "base64" }, 400],
    ["zero dimensions", { input: "a", dimensions: 0 }, 400],
    ["a gpt:// model", { input: "a", model: `gpt://${YANDEX_EMULATOR_DEFAULTS.folderId}/yandexgpt/latest` }, 400],
    ["an unknown model", { input: "a", model: `emb://${YANDEX_EMULATOR_DEFAULTS.folderId}/no-such/latest` }, 404],
  ])("refuses %s on /v1/embeddings with an OpenAI-shaped error", async (_, extra, status) => {
    const model = `emb://${folder}/text-search-doc/latest`;
    const res = await post("/v1/embeddings", { model, ...extra }, bearer);
    expect(res.status).toBe(status);
    const { error } = JSON.parse(res.text);
    expect(error).toMatchObject({ message: expect.stringMatching(/^Error in session /), type: expect.any(String) });
    expect(error).not.toHaveProperty("grpcCode");
  });

  it("answers unknown /v1 routes with a 404 in OpenAI's shape, native ones in grpc-gateway's", async () => {
    for (const [method, path] of [
      ["GET", "/v1/chat/completions"],
      ["POST", "/v1/responses/nothing"],
    ]) {
      const res = await request(emulator.baseUrl + path!, { method: method as "GET", headers: bearer });
      expect(res.statusCode).toBe(404);
      const { error } = (await res.body.json()) as { error: Record<string, unknown> };
      expect(error).toMatchObject({ type: "not_found_error" });
      expect(error).not.toHaveProperty("grpcCode");
    }
    const native = await post("/foundationModels/v1/nothing", {}, apiKey);
    expect(native.status).toBe(404);
    expect(JSON.parse(native.text).error).toMatchObject({ grpcCode: 5, httpCode: 404 });
  });
});
