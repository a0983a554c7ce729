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
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).error).toMatchObject({ grpcCode: 5, httpCode: 404 });
    expect(emulator.requestCounts()["/foundationModels/v1/completion"]).toBe(before + 1);
  });
});
