import { eq } from "drizzle-orm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import type { Generation } from "./recorder";

let api: TestApi;
let owner: { key: string; userId: string };
let stranger: { key: string };
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  owner = await createTestKey();
  stranger = await createTestKey();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: owner.key, maxRetries: 0 });
});
afterAll(() => api.close());

async function getGeneration(id: string, key = owner.key) {
  const res = await fetch(`${api.baseURL}/generation?id=${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: res.status, body: (await res.json()) as { data: Generation } & { error?: { code: string } } };
}

/** Polls the requests table until the row appears (the writes are batched off the response path). */
async function waitForRow(id: string) {
  const { getDb } = await import("../db");
  const { requests } = await import("../db/schema");
  const db = await getDb();
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    const [row] = await db.select().from(requests).where(eq(requests.id, id));
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`request ${id} did not reach Postgres within 5 s`);
}

describe("GET /generation", () => {
  it("describes a non-stream completion as soon as it has been answered", async () => {
    const { data: completion, response } = await client.chat.completions
      .create({ model: "gigachat/GigaChat-2-Max", messages: [{ role: "user", content: "meter me please" }] })
      .withResponse();
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^req_/);

    const { status, body } = await getGeneration(completion.id);
    expect(status).toBe(200);
    const generation = body.data;
    expect(generation).toMatchObject({
      id: requestId,
      model: "gigachat/GigaChat-2-Max",
      provider: "gigachat",
      upstream_model: "GigaChat-2-Max",
      stream: false,
      status: 200,
      error_code: null,
      finish_reason: "stop",
      tokens_prompt: completion.usage!.prompt_tokens,
      tokens_completion: completion.usage!.completion_tokens,
    });
    expect(generation.cost_rub).toBeGreaterThan(0);
    expect(generation.cost_rub).toBe((completion.usage as OpenAI.CompletionUsage & { cost_rub: number }).cost_rub);
    expect(generation.latency_ms).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(generation.created_at))).toBe(false);

    // The request id names the same generation.
    const byRequestId = await getGeneration(requestId);
    expect(byRequestId.status).toBe(200);
    expect(byRequestId.body.data).toEqual(generation);

    const row = await waitForRow(requestId);
    expect(row).toMatchObject({
      userId: owner.userId,
      endpoint: "chat.completions",
      model: "gigachat/GigaChat-2-Max",
      provider: "gigachat",
      upstreamModel: "GigaChat-2-Max",
      status: 200,
      promptTokens: generation.tokens_prompt,
      completionTokens: generation.tokens_completion,
      costMicro: Math.round(generation.cost_rub * 1_000_000),
    });
  });

  it("describes a stream as soon as its last byte has arrived", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: "tbank/T-pro-it-2.0",
        messages: [{ role: "user", content: "stream and meter" }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    const requestId = response.headers.get("x-request-id")!;
    let completionId = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      completionId = chunk.id;
      usage ??= chunk.usage;
    }
    expect(completionId).toMatch(/^chatcmpl-/);

    const { status, body } = await getGeneration(completionId);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      id: requestId,
      model: "tbank/T-pro-it-2.0",
      provider: "tbank",
      upstream_model: "t-tech/T-pro-it-2.0",
      stream: true,
      status: 200,
      finish_reason: "stop",
      tokens_prompt: usage!.prompt_tokens,
      tokens_completion: usage!.completion_tokens,
    });
    expect(body.data.cost_rub).toBeGreaterThan(0);
    expect(body.data.latency_ms).toBeGreaterThanOrEqual(0);
    expect(body.data.first_token_ms).not.toBeNull();

    const byRequestId = await getGeneration(requestId);
    expect(byRequestId.body.data).toEqual(body.data);

    const row = await waitForRow(requestId);
    expect(row).toMatchObject({
      stream: true,
      status: 200,
      provider: "tbank",
      completionTokens: usage!.completion_tokens,
    });
  });

  it("describes an embeddings request", async () => {
    const { response } = await client.embeddings
      .create({ model: "yandex/text-search-doc", input: ["one", "two"], encoding_format: "float" })
      .withResponse();
    const { status, body } = await getGeneration(response.headers.get("x-request-id")!);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ provider: "yandex", upstream_model: "text-search-doc/latest", status: 200 });
    expect(body.data.tokens_prompt).toBeGreaterThan(0);
  });

  it("describes a failed request with its status", async () => {
    const { status: failed, headers } = await fetch(`${api.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "mts/mws-gpt-alpha", messages: [{ role: "user", content: "[[status:503]]" }] }),
    });
    expect(failed).toBe(502);
    const { status, body } = await getGeneration(headers.get("x-request-id")!);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ provider: "mts", status: 502, tokens_completion: 0, cost_rub: 0 });
  });

  it("answers 404 to another user's key and to an unknown id", async () => {
    const completion = await client.chat.completions.create({
      model: "yandex/yandexgpt-lite",
      messages: [{ role: "user", content: "private" }],
    });
    const foreign = await getGeneration(completion.id, stranger.key);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe("generation_not_found");

    const unknown = await getGeneration("req_doesnotexist");
    expect(unknown.status).toBe(404);
  });

  it("answers 400 naming id when it is missing", async () => {
    const res = await fetch(`${api.baseURL}/generation`, { headers: { authorization: `Bearer ${owner.key}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("id");
  });

  it("finds a Responses answer by its resp_ id and a Messages answer by its msg_ id", async () => {
    const response = await client.responses.create({ model: "mts/qwen3-32b", input: "by response id", store: false });
    expect(response.id).toMatch(/^resp_/);
    const byResponse = await getGeneration(response.id);
    expect(byResponse.status).toBe(200);
    expect(byResponse.body.data.id).toBe(`req_${response.id.slice("resp_".length)}`);

    const res = await fetch(`${api.baseURL}/messages`, {
      method: "POST",
      headers: { "x-api-key": owner.key, "content-type": "application/json" },
      body: JSON.stringify({ model: "mts/qwen3-32b", max_tokens: 50, messages: [{ role: "user", content: "by message id" }] }),
    });
    const message = (await res.json()) as { id: string };
    expect(message.id).toMatch(/^msg_/);
    const byMessage = await getGeneration(message.id);
    expect(byMessage.status).toBe(200);
    expect(byMessage.body.data.id).toBe(`req_${message.id.slice("msg_".length)}`);
  });
});
