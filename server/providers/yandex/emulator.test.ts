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
