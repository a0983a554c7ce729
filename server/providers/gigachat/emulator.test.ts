import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGigaChatEmulator, type GigaChatEmulator } from "./emulator";
import { TEST_CREDENTIALS, TEST_SCOPE } from "./testkit";

/** Raw HTTP checks that the emulator keeps GigaChat's wire quirks (providers.md §1.12). */
describe("GigaChat emulator", () => {
  let emulator: GigaChatEmulator;

  beforeAll(async () => {
    emulator = await startGigaChatEmulator({ tokenTtlMs: 1_000 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function token(): Promise<{ access_token: string; expires_at: number }> {
    const res = await fetch(emulator.authUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${TEST_CREDENTIALS}`,
        rquid: randomUUID(),
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: "scope=GIGACHAT_API_PERS",
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; expires_at: number };
  }

  const api = (path: string, accessToken: string, body?: unknown) =>
    fetch(`${emulator.baseUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const tokenRequest = (
    init: { key?: string; scheme?: string; rqUid?: string | null; body?: string } = {},
  ): Promise<Response> =>
    fetch(emulator.authUrl, {
      method: "POST",
      headers: {
        authorization: `${init.scheme ?? "Basic"} ${init.key ?? TEST_CREDENTIALS}`,
        ...(init.rqUid === null ? {} : { rquid: init.rqUid ?? randomUUID() }),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: init.body ?? `scope=${TEST_SCOPE}`,
    });

  /** Asserts the last refused request is in the violations log, then clears the log for the next test. */
  function expectViolation(path: string, status: number): void {
    expect(emulator.violations.at(-1)).toEqual({ method: "POST", path, status });
    emulator.violations.length = 0;
  }

  it("issues tokens with expires_at in milliseconds, for Basic and Bearer keys alike", async () => {
    const { expires_at } = await token();
    expect(expires_at).toBeGreaterThan(Date.now());
    expect(expires_at).toBeLessThan(Date.now() + 2_000);
    expect((await tokenRequest({ scheme: "Bearer" })).status).toBe(200);
    expect(emulator.violations).toEqual([]);
  });

  describe("refuses token requests as GigaChat does", () => {
    const otherKey = Buffer.from("someone-else:their-secret").toString("base64");
    it.each([
      ["a key of another account", { key: otherKey }, 401, { code: 6, message: "credentials doesn't match db data" }],
      [
        "a key that is not base64 of id:secret",
        { key: "not a key" },
        400,
        { code: 4, message: "Can't decode 'Authorization' header" },
      ],
      ["no scope", { body: "" }, 400, { code: 5, message: "scope is empty" }],
      ["an unknown scope", { body: "scope=NOPE" }, 400, { code: 1, message: "scope data format invalid" }],
      [
        "another scope than the key's",
        { body: "scope=GIGACHAT_API_CORP" },
        400,
        { code: 7, message: "scope from db not fully includes consumed scope" },
      ],
      ["no RqUID", { rqUid: null }, 400, { message: "RqUID header must be a uuid4" }],
      ["an RqUID that is not a uuid4", { rqUid: "request-1" }, 400, { message: "RqUID header must be a uuid4" }],
    ])("%s", async (_case, init, status, body) => {
      const res = await tokenRequest(init);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual(body);
      expectViolation("/api/v2/oauth", status);
    });

    it("a reused RqUID", async () => {
      const rqUid = randomUUID();
      expect((await tokenRequest({ rqUid })).status).toBe(200);
      const again = await tokenRequest({ rqUid });
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({ message: "RqUID has already been used" });
      expectViolation("/api/v2/oauth", 400);
    });

    it("only the key and scope it was started with", async () => {
      const corp = await startGigaChatEmulator({
        clientId: "corp",
        clientSecret: "s3cret",
        scope: "GIGACHAT_API_CORP",
      });
      try {
        expect(corp.authorizationKey).toBe(Buffer.from("corp:s3cret").toString("base64"));
        const ask = (key: string, scope: string) =>
          fetch(corp.authUrl, {
            method: "POST",
            headers: { authorization: `Basic ${key}`, rquid: randomUUID() },
            body: `scope=${scope}`,
          }).then((r) => r.status);
        expect(await ask(corp.authorizationKey, "GIGACHAT_API_CORP")).toBe(200);
        expect(await ask(corp.authorizationKey, TEST_SCOPE)).toBe(400);
        expect(await ask(TEST_CREDENTIALS, "GIGACHAT_API_CORP")).toBe(401);
        expect(corp.violations.map((v) => v.status)).toEqual([400, 401]);
      } finally {
        await corp.close();
      }
    });
  });

  describe("refuses chat bodies the API refuses, with 422 Invalid params", () => {
    const user = { role: "user", content: "hi" };
    const weather = { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } };
    const called = {
      role: "assistant",
      content: "",
      function_call: { name: "get_weather", arguments: { city: "Oslo" } },
    };
    const result = (content: string) => ({ role: "function", name: "get_weather", content });

    it.each([
      ["OpenAI's tools", { tools: [{ type: "function", function: weather }] }, "unknown field tools"],
      ["OpenAI's tool_choice", { tool_choice: "auto" }, "unknown field tool_choice"],
      ["OpenAI's stream_options", { stream_options: { include_usage: true } }, "unknown field stream_options"],
      ["OpenAI's max_completion_tokens", { max_completion_tokens: 5 }, "unknown field max_completion_tokens"],
      [
        "an OpenAI tool message field",
        { messages: [user, called, { ...result("{}"), tool_call_id: "call_1" }] },
        "unknown field messages[2].tool_call_id",
      ],
      [
        "a late system message",
        { messages: [user, { role: "system", content: "late" }] },
        "system message must be the first message",
      ],
      [
        "string function arguments",
        { messages: [user, { ...called, function_call: { name: "get_weather", arguments: "{}" } }, result("{}")] },
        "function_call.arguments must be an object",
      ],
      [
        "a function result that is not JSON",
        { messages: [user, called, result("sunny")] },
        "messages[2].content must be a JSON object in a string",
      ],
      [
        "a function result that is a JSON number",
        { messages: [user, called, result("42")] },
        "messages[2].content must be a JSON object in a string",
      ],
      [
        "a function result that is a JSON array",
        { messages: [user, called, result("[1,2]")] },
        "messages[2].content must be a JSON object in a string",
      ],
      [
        "OpenAI's nested response_format",
        { response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } } },
        "unknown field response_format.json_schema",
      ],
      [
        "a response_format type other than json_schema",
        { response_format: { type: "json_object" } },
        "response_format.type must be json_schema",
      ],
      ["n: 10", { n: 10 }, "n must be in range [1, 4]"],
      ["temperature: 5", { temperature: 5 }, "temperature must be in range (0, 2]"],
      ["temperature: 0", { temperature: 0 }, "temperature must be in range (0, 2]"],
      ["top_p: 2", { top_p: 2 }, "top_p must be in range [0, 1]"],
      ["max_tokens: 0", { max_tokens: 0 }, "max_tokens must be in range [1, +inf)"],
      ["a fractional max_tokens", { max_tokens: 1.5 }, "max_tokens must be an integer"],
      ["repetition_penalty: 0", { repetition_penalty: 0 }, "repetition_penalty must be in range (0, +inf)"],
      [
        "a forced function_call naming an undeclared function",
        { functions: [weather], function_call: { name: "get_time" } },
        "function_call names get_time, which is not in functions",
      ],
      [
        "a forced function_call without functions",
        { function_call: { name: "get_weather" } },
        "function_call names get_weather, which is not in functions",
      ],
    ])("%s", async (_case, fields, message) => {
      const { access_token } = await token();
      const res = await api("/chat/completions", access_token, { model: "GigaChat-2", messages: [user], ...fields });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ status: 422, message: `Invalid params: ${message}` });
      expectViolation("/api/v1/chat/completions", 422);
    });

    it("answers a body that uses every documented field within its range", async () => {
      const { access_token } = await token();
      const res = await api("/chat/completions", access_token, {
        model: "GigaChat-2",
        messages: [{ role: "system", content: "be brief" }, user, called, result('{"temp":3}')],
        temperature: 2,
        top_p: 0,
        n: 4,
        max_tokens: 1,
        repetition_penalty: 1.1,
        update_interval: 0,
        stream: false,
        profanity_check: false,
        functions: [weather],
        function_call: { name: "get_weather" },
        response_format: { type: "json_schema", schema: { type: "object" }, strict: true },
        reasoning_effort: "low",
      });
      expect(res.status).toBe(200);
      expect(emulator.violations).toEqual([]);
    });
  });

  it("answers without an id, with a versioned model", async () => {
    const { access_token } = await token();
    const res = await api("/chat/completions", access_token, {
      model: "GigaChat-2-Max",
      messages: [{ role: "user", content: "hi" }],
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body.id).toBeUndefined();
    expect(body.model).toBe("GigaChat-2-Max:2.0.28.2");
    expect(body.object).toBe("chat.completion");
  });

  it("streams GigaChat SSE framing with usage only in the final chunk", async () => {
    const { access_token } = await token();
    const res = await api("/chat/completions", access_token, {
      model: "GigaChat-2",
      stream: true,
      messages: [{ role: "user", content: "a b" }],
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = text.split("\n\n").filter(Boolean);
    expect(events.every((e) => e.startsWith("data: "))).toBe(true);
    expect(events[events.length - 1]).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)) as Record<string, unknown>);
    expect(chunks.every((c) => c.object === "chat.completion" && c.id === undefined)).toBe(true);
    expect(chunks.filter((c) => c.usage)).toHaveLength(1);
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [{ delta: { content: "" }, finish_reason: "stop" }] });
  });

  it("returns a bare array from /tokens/count and lists models", async () => {
    const { access_token } = await token();
    const counts = await api("/tokens/count", access_token, { model: "GigaChat", input: ["First text", "Second"] });
    expect(await counts.json()).toEqual([
      { object: "tokens", tokens: 3, characters: 10 },
      { object: "tokens", tokens: 2, characters: 6 },
    ]);
    const models = (await (await api("/models", access_token)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain("EmbeddingsGigaR");
  });

  it("rejects an expired token with 401", async () => {
    const { access_token } = await token();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const res = await api("/models", access_token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ status: 401, message: "Token has expired" });
  });
});
