import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

const EMBEDDING_MODELS = [
  { model: "gigachat/Embeddings", provider: "gigachat" },
  { model: "yandex/text-search-doc", provider: "yandex" },
  { model: "mts/bge-m3", provider: "mts" },
] as const;

type PricedEmbeddingUsage = OpenAI.CreateEmbeddingResponse.Usage & { cost_rub: number };

const INPUTS = ["the first document", "второй документ, подлиннее первого", "3"];

describe.each(EMBEDDING_MODELS)("embeddings on $model", ({ model, provider }) => {
  it("embeds a string input", async () => {
    const { data: result, response } = await client.embeddings
      .create({ model, input: "a single text", encoding_format: "float" })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("x-xrouter-provider")).toBe(provider);
    expect(response.headers.get("x-xrouter-model")).toBe(model);
    // The same route headers as chat: how many attempts it took and why this route was chosen.
    expect(response.headers.get("x-xrouter-attempts")).toBe("1");
    expect(decodeURIComponent(response.headers.get("x-xrouter-route-reason") ?? "")).not.toBe("");
    expect(result.object).toBe("list");
    expect(result.model).toBe(model);
    expect(result.data).toHaveLength(1);
    expect(result.data[0]!.object).toBe("embedding");
    expect(result.data[0]!.index).toBe(0);
    expect(result.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(result.data[0]!.embedding.every((x) => Number.isFinite(x))).toBe(true);
    expect(result.usage.prompt_tokens).toBe(Math.ceil("a single text".length / 4));
    expect(result.usage.total_tokens).toBe(result.usage.prompt_tokens);
    expect((result.usage as PricedEmbeddingUsage).cost_rub).toBeGreaterThan(0);
  });

  it("embeds an array input in order, with the usage of every item summed", async () => {
    const result = await client.embeddings.create({ model, input: INPUTS, encoding_format: "float" });
    expect(result.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const dimensions = result.data[0]!.embedding.length;
    expect(dimensions).toBeGreaterThan(0);
    expect(result.data.every((d) => d.embedding.length === dimensions)).toBe(true);
    const expectedTokens = INPUTS.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
    expect(result.usage.prompt_tokens).toBe(expectedTokens);
    expect(result.usage.total_tokens).toBe(expectedTokens);

    // Each vector is the one the same text gets on its own: the fan-out folded back in input order.
    const singles = await Promise.all(
      INPUTS.map((input) => client.embeddings.create({ model, input, encoding_format: "float" })),
    );
    singles.forEach((single, i) => expect(result.data[i]!.embedding).toEqual(single.data[0]!.embedding));
    expect(result.data[0]!.embedding).not.toEqual(result.data[1]!.embedding);
  });

  it("works with the SDK's default base64 encoding", async () => {
    // The SDK asks for base64 unless told otherwise, and decodes it into float32 numbers.
    const [encoded, floats] = await Promise.all([
      client.embeddings.create({ model, input: INPUTS }),
      client.embeddings.create({ model, input: INPUTS, encoding_format: "float" }),
    ]);
    expect(encoded.data.map((d) => d.index)).toEqual([0, 1, 2]);
    encoded.data.forEach((d, i) => {
      const expected = floats.data[i]!.embedding;
      expect(d.embedding).toHaveLength(expected.length);
      d.embedding.forEach((x, j) => expect(x).toBeCloseTo(expected[j]!, 6));
    });
    expect(encoded.usage.prompt_tokens).toBe(floats.usage.prompt_tokens);
  });
});

describe("embeddings errors", () => {
  it("keeps an upstream 429 as a 429 naming the provider", async () => {
    const res = await fetch(`${api.baseURL}/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "yandex/text-search-doc", input: ["fine", "busy [[status:429]]"] }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-xrouter-provider")).toBe("yandex");
    // A failure names its attempts and route reason too, as chat's do.
    expect(Number(res.headers.get("x-xrouter-attempts"))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("x-xrouter-route-reason")).toBeTruthy();
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("rate_limit_error");
    expect(body.error.message).toMatch(/'yandex'/);
  });

  it("answers 404 model_not_found when a chat model is asked for embeddings", async () => {
    const err = await client.embeddings
      .create({ model: "yandex/yandexgpt", input: "x", encoding_format: "float" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = err as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(404);
    expect(apiError.code).toBe("model_not_found");
    expect(apiError.param).toBe("model");
  });

  it("answers 400 naming input when it is empty", async () => {
    const err = await client.embeddings
      .create({ model: "gigachat/Embeddings", input: [], encoding_format: "float" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.APIError>).param).toBe("input");
  });
});
