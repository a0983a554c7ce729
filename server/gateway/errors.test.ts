import { eq } from "drizzle-orm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../core/api-key";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;
let key: string;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** Sends a request with plain fetch; `body` is sent as is when it is a string, else as JSON. */
async function call(
  path: string,
  options: { method?: string; body?: unknown; authorization?: string | null } = {},
): Promise<{ status: number; headers: Headers; body: ErrorBody }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const authorization = options.authorization === undefined ? `Bearer ${key}` : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const res = await fetch(`${api.baseURL}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as ErrorBody };
}

/** Asserts the OpenAI error shape: exactly message, type, code and param. */
function expectOpenAIError(
  result: { status: number; headers: Headers; body: ErrorBody },
  status: number,
  expected: { type: string; code?: string | null; param?: string | null },
) {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toMatch(/^application\/json/);
  expect(result.headers.get("x-request-id")).toMatch(/^req_/);
  expect(Object.keys(result.body)).toEqual(["error"]);
  expect(Object.keys(result.body.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(typeof result.body.error.message).toBe("string");
  expect(result.body.error.message.length).toBeGreaterThan(0);
  expect(result.body.error.type).toBe(expected.type);
  if (expected.code !== undefined) expect(result.body.error.code).toBe(expected.code);
  if (expected.param !== undefined) expect(result.body.error.param).toBe(expected.param);
}

/** The rejection of a promise (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the request to fail");
}

const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: "yandex/yandexgpt-lite",
  messages: [{ role: "user", content: "hello" }],
  ...extra,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("authentication", () => {
  it("answers 401 missing_api_key without an Authorization header", async () => {
    expectOpenAIError(await call("/chat/completions", { body: chatBody(), authorization: null }), 401, {
      type: "authentication_error",
      code: "missing_api_key",
    });
  });

  it("answers 401 to a key of the wrong format", async () => {
    expectOpenAIError(await call("/chat/completions", { body: chatBody(), authorization: "Bearer sk-not-ours" }), 401, {
      type: "authentication_error",
      code: "invalid_api_key",
    });
  });

  it("answers 401 to a well-formed key that does not exist", async () => {
    expectOpenAIError(
      await call("/chat/completions", { body: chatBody(), authorization: `Bearer ${generateApiKey()}` }),
      401,
      { type: "authentication_error", code: "invalid_api_key" },
    );
  });

  it("checks the key before reading the body: no key and invalid JSON is still 401", async () => {
    expectOpenAIError(await call("/chat/completions", { body: "{not json", authorization: null }), 401, {
      type: "authentication_error",
      code: "missing_api_key",
    });
  });

  it("surfaces 401 in the SDK as AuthenticationError", async () => {
    const anonymous = new OpenAI({ baseURL: api.baseURL, apiKey: generateApiKey(), maxRetries: 0 });
    const err = await rejection(
      anonymous.chat.completions.create(chatBody() as OpenAI.ChatCompletionCreateParamsNonStreaming),
    );
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe("invalid_api_key");
  });

  it("stops a revoked key within 5 seconds", async () => {
    const { getDb } = await import("../db");
    const { apiKeys } = await import("../db/schema");
    const revoked = await createTestKey();
    const ok = await call("/chat/completions", { body: chatBody(), authorization: `Bearer ${revoked.key}` });
    expect(ok.status).toBe(200);

    const db = await getDb();
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.keyId));
    const revokedAt = Date.now();
    let result = ok;
    while (Date.now() - revokedAt < 6_000) {
      result = await call("/chat/completions", { body: chatBody(), authorization: `Bearer ${revoked.key}` });
      if (result.status !== 200) break;
      await sleep(200);
    }
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(5_000);
    expectOpenAIError(result, 401, { type: "authentication_error", code: "invalid_api_key" });
    expect(result.body.error.message).toMatch(/revoked/);
  });
});

describe("bad requests", () => {
  it("answers 400 invalid_json to a body that is not JSON", async () => {
    expectOpenAIError(await call("/chat/completions", { body: '{"model": "x", ' }), 400, {
      type: "invalid_request_error",
      code: "invalid_json",
    });
  });

  it("answers 400 naming messages when they are missing", async () => {
    expectOpenAIError(await call("/chat/completions", { body: { model: "yandex/yandexgpt-lite" } }), 400, {
      type: "invalid_request_error",
      param: "messages",
    });
  });

  it("answers 400 naming messages when they are empty", async () => {
    expectOpenAIError(await call("/chat/completions", { body: chatBody({ messages: [] }) }), 400, {
      type: "invalid_request_error",
      param: "messages",
    });
  });

  it("answers 400 naming temperature when it has the wrong type", async () => {
    expectOpenAIError(await call("/chat/completions", { body: chatBody({ temperature: "hot" }) }), 400, {
      type: "invalid_request_error",
      param: "temperature",
    });
  });

  it("answers 400 to n: 2", async () => {
    expectOpenAIError(await call("/chat/completions", { body: chatBody({ n: 2 }) }), 400, {
      type: "invalid_request_error",
      param: "n",
    });
  });

  it("answers 404 model_not_found naming model for an unknown model", async () => {
    expectOpenAIError(await call("/chat/completions", { body: chatBody({ model: "nobody/no-such-model" }) }), 404, {
      type: "invalid_request_error",
      code: "model_not_found",
      param: "model",
    });
  });

  it("surfaces 400 and 404 in the SDK as APIError subclasses with status, code and param", async () => {
    const bad = await rejection(
      client.chat.completions.create(
        chatBody({ temperature: "hot" }) as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
      ),
    );
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((bad as InstanceType<typeof OpenAI.APIError>).param).toBe("temperature");

    const missing = await rejection(
      client.chat.completions.create({ model: "nobody/no-such-model", messages: [{ role: "user", content: "x" }] }),
    );
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = missing as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(404);
    expect(apiError.code).toBe("model_not_found");
    expect(apiError.param).toBe("model");
    expect(apiError.requestID).toMatch(/^req_/);
  });

  it("records nothing for a request rejected by validation", async () => {
    const { getDb } = await import("../db");
    const { requests } = await import("../db/schema");
    const own = await createTestKey();
    const authorization = `Bearer ${own.key}`;
    const bad = await call("/chat/completions", { body: chatBody({ temperature: "hot" }), authorization });
    expect(bad.status).toBe(400);
    const unknown = await call("/chat/completions", { body: chatBody({ model: "nobody/none" }), authorization });
    expect(unknown.status).toBe(404);
    const good = await call("/chat/completions", { body: chatBody(), authorization });
    expect(good.status).toBe(200);
    const goodId = good.headers.get("x-request-id");

    // Once the valid request's row is in, the invalid ones would be too: the writes are batched in order.
    const db = await getDb();
    let rows: { id: string; status: number }[] = [];
    for (const started = Date.now(); Date.now() - started < 5_000; await sleep(100)) {
      rows = await db
        .select({ id: requests.id, status: requests.status })
        .from(requests)
        .where(eq(requests.userId, own.userId));
      if (rows.some((r) => r.id === goodId)) break;
    }
    expect(rows).toEqual([{ id: goodId, status: 200 }]);
  });
});

describe("permissions and limits", () => {
  it("answers 403 when the key's allowed models exclude the model", async () => {
    const limited = await createTestKey({ allowedModels: ["mts/mws-gpt-alpha"] });
    const authorization = `Bearer ${limited.key}`;
    expectOpenAIError(await call("/chat/completions", { body: chatBody(), authorization }), 403, {
      type: "permission_error",
      code: "model_not_allowed",
      param: "model",
    });
    const allowed = await call("/chat/completions", { body: chatBody({ model: "mts/mws-gpt-alpha" }), authorization });
    expect(allowed.status).toBe(200);

    const sdk = new OpenAI({ baseURL: api.baseURL, apiKey: limited.key, maxRetries: 0 });
    const err = await rejection(
      sdk.chat.completions.create(chatBody() as OpenAI.ChatCompletionCreateParamsNonStreaming),
    );
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
  });

  it("answers 429 with retry-after once the key's requests per minute are used", async () => {
    // The windows are calendar minutes: do not start two requests before a minute boundary.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 58_000) await sleep(60_000 - intoMinute + 50);
    const limited = await createTestKey({ rpm: 2 });
    const authorization = `Bearer ${limited.key}`;
    const first = await call("/chat/completions", { body: chatBody(), authorization });
    const second = await call("/chat/completions", { body: chatBody(), authorization });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    const third = await call("/chat/completions", { body: chatBody(), authorization });
    expectOpenAIError(third, 429, { type: "rate_limit_error", code: "rate_limit_exceeded" });
    const retryAfter = Number(third.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const sdk = new OpenAI({ baseURL: api.baseURL, apiKey: limited.key, maxRetries: 0 });
    const err = await rejection(
      sdk.chat.completions.create(chatBody() as OpenAI.ChatCompletionCreateParamsNonStreaming),
    );
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
  });
});

describe("routing", () => {
  it("answers 404 to an unknown route", async () => {
    expectOpenAIError(await call("/no/such/route"), 404, { type: "not_found_error", code: "route_not_found" });
  });

  it("answers 405 with Allow to a wrong method", async () => {
    const result = await call("/chat/completions", { method: "GET" });
    expectOpenAIError(result, 405, { type: "invalid_request_error", code: "method_not_allowed" });
    expect(result.headers.get("allow")).toBe("POST");
  });
});

describe("upstream failures", () => {
  it("turns an upstream 503 into a 502 upstream_error", async () => {
    const result = await call("/chat/completions", {
      body: chatBody({
        model: "gigachat/GigaChat-2-Max",
        messages: [{ role: "user", content: "fail [[status:503]]" }],
      }),
    });
    expectOpenAIError(result, 502, { type: "upstream_error", param: null });
    expect(result.body.error.message).toMatch(/gigachat/);
    expect(result.body.error.message).toMatch(/Emulated error 503/);
    // The caller can tell which provider failed.
    expect(result.headers.get("x-xrouter-provider")).toBe("gigachat");
    expect(result.headers.get("x-xrouter-model")).toBe("gigachat/GigaChat-2-Max");

    const err = await rejection(
      client.chat.completions.create({
        model: "mts/mws-gpt-alpha",
        messages: [{ role: "user", content: "[[status:503]]" }],
      }),
    );
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((err as InstanceType<typeof OpenAI.APIError>).type).toBe("upstream_error");
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toMatch(/'mts'/);
  });

  it("turns an upstream 503 before a stream starts into a JSON 502", async () => {
    const result = await call("/chat/completions", {
      body: chatBody({
        model: "yandex/yandexgpt",
        stream: true,
        messages: [{ role: "user", content: "[[status:503]]" }],
      }),
    });
    expectOpenAIError(result, 502, { type: "upstream_error" });
    expect(result.body.error.message).toMatch(/'yandex'/);
    expect(result.headers.get("x-xrouter-provider")).toBe("yandex");
  });

  it("keeps an upstream 429 as a 429 with its retry-after", async () => {
    const result = await call("/chat/completions", {
      body: chatBody({ model: "mts/mws-gpt-alpha", messages: [{ role: "user", content: "busy [[status:429]]" }] }),
    });
    expectOpenAIError(result, 429, { type: "rate_limit_error" });
    expect(result.headers.get("retry-after")).toBe("7");
    expect(result.headers.get("x-xrouter-provider")).toBe("mts");

    const err = await rejection(
      client.chat.completions.create({
        model: "tbank/T-pro-it-2.0",
        messages: [{ role: "user", content: "[[status:429]]" }],
      }),
    );
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
  });

  it("turns an upstream 401 (our credentials) into a 502", async () => {
    const result = await call("/chat/completions", {
      body: chatBody({ model: "mts/mws-gpt-alpha", messages: [{ role: "user", content: "[[status:401]]" }] }),
    });
    expectOpenAIError(result, 502, { type: "upstream_error", code: "upstream_auth_failed" });
    expect(result.body.error.message).not.toMatch(/demo-key/);
  });
});
