import { count, eq } from "drizzle-orm";
import { createServer, request, type IncomingHttpHeaders, type RequestOptions } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { requests } from "../db/schema";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { serveNodeApi, serverTimeouts } from "../services/public-api/doors";
import { flushRequests } from "./recorder";
import { bodySettings } from "./request-body";

let api: TestApi;
let key: string;
let userId: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key, userId } = await createTestKey());
});
afterAll(() => api.close());

async function post(body: string | object, path = "/chat/completions") {
  const res = await fetch(`${api.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: { message: string; type: string; code: string; param: string | null } } };
}

async function rowsOfUser() {
  await flushRequests();
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(requests).where(eq(requests.userId, userId));
  return row!.n;
}

describe("bad input", () => {
  it("refuses a body over 4 MB with 413", async () => {
    const big = JSON.stringify({ model: "mts/qwen3-32b", messages: [{ role: "user", content: "x".repeat(4 * 1024 * 1024) }] });
    const result = await post(big);
    expect(result.status).toBe(413);
    expect(result.body.error).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });
  });

  it("refuses an empty messages array naming the param", async () => {
    const result = await post({ model: "mts/qwen3-32b", messages: [] });
    expect(result.status).toBe(400);
    expect(result.body.error!.param).toBe("messages");
  });

  it("refuses a tool message without a matching call", async () => {
    const result = await post({
      model: "mts/qwen3-32b",
      messages: [
        { role: "user", content: "hi" },
        { role: "tool", tool_call_id: "call_missing", content: "42" },
      ],
    });
    expect(result.status).toBe(400);
    expect(result.body.error!.param).toBe("messages.1.tool_call_id");
  });

  it("refuses a response_format schema nested 20,000 deep with 400 naming where", async () => {
    const schema = `${'{"type":"object","properties":{"a":'.repeat(10_000)}{"type":"string"}${"}}".repeat(10_000)}`;
    const body = `{"model":"mts/qwen3-32b","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"deep","schema":${schema}}}}`;
    const result = await post(body);
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ type: "invalid_request_error", code: "json_too_deep" });
    expect(result.body.error!.param).toBe("response_format.json_schema.schema.properties.a.properties.a.properties...");
  });

  it("refuses tools nested 20,000 deep with 400 naming where", async () => {
    const parameters = `${'{"type":"array","items":['.repeat(10_000)}{"type":"string"}${"]}".repeat(10_000)}`;
    const body = `{"model":"mts/qwen3-32b","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${parameters}}}]}`;
    const result = await post(body);
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ type: "invalid_request_error", code: "json_too_deep" });
    expect(result.body.error!.param).toBe("tools.0.function.parameters.items.0.items.0...");
  });

  it("accepts a tool message that answers an earlier call", async () => {
    const result = await post({
      model: "mts/qwen3-32b",
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "42" },
      ],
    });
    expect(result.status).toBe(200);
  });
});

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const valid = {
  model: "mts/qwen3-32b",
  messages: [
    { role: "system", content: "be brief" },
    { role: "user", content: [{ type: "text", text: "hi" }] },
  ],
  temperature: 0.5,
  max_tokens: 10,
  tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
  stream: false,
};

const oddValues: unknown[] = [null, true, false, 0, -1, 1e308, "", "x", "🙂", [], {}, [null], { a: 1 }, "mts/qwen3-32b", 2.5];

function mutate(value: unknown, random: () => number, depth = 0): unknown {
  if (random() < 0.15 || depth > 4) return oddValues[Math.floor(random() * oddValues.length)];
  if (Array.isArray(value)) {
    const copy = value.map((v) => mutate(v, random, depth + 1));
    if (random() < 0.2) copy.push(oddValues[Math.floor(random() * oddValues.length)]);
    return random() < 0.1 ? [] : copy;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (random() < 0.1) continue;
      out[random() < 0.05 ? `${k}_` : k] = mutate(v, random, depth + 1);
    }
    return out;
  }
  return random() < 0.3 ? oddValues[Math.floor(random() * oddValues.length)] : value;
}

function randomText(random: () => number): string {
  const alphabet = '{}[]":,0123456789abcnulltrue \\\u0000é🙂';
  return Array.from({ length: Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}

describe("fuzz", () => {
  it("answers thousands of random and mutated bodies without a 5xx, always in OpenAI's error shape", async () => {
    const rowsBefore = await rowsOfUser();
    let reachedProvider = 0;
    const random = prng(20261126);
    const bodies: string[] = [];
    for (let i = 0; i < 2500; i++) {
      const r = random();
      bodies.push(r < 0.15 ? randomText(random) : JSON.stringify(mutate(valid, random)));
    }
    const statuses = new Map<number, number>();
    for (let i = 0; i < bodies.length; i += 50) {
      const results = await Promise.all(
        bodies.slice(i, i + 50).map(async (body) => {
          const res = await fetch(`${api.baseURL}/chat/completions`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body,
          });
          const json = (await res.json()) as { error?: { message: unknown; type: unknown } };
          if (res.headers.has("x-xrouter-provider")) reachedProvider++;
          return { status: res.status, json, body };
        }),
      );
      for (const { status, json, body } of results) {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500) throw new Error(`5xx (${status}) for body ${body}: ${JSON.stringify(json)}`);
        if (status !== 200) {
          expect(typeof json.error?.message).toBe("string");
          expect(typeof json.error?.type).toBe("string");
        }
      }
    }
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
    const res = await fetch(`${api.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: "{" });
    expect(res.status).toBe(400);
    // Only requests that reached a provider are recorded; everything refused up front leaves no trace.
    expect(await rowsOfUser()).toBe(rowsBefore + reachedProvider);
  });
});

interface Upload {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's socket error, if it saw one before the response ended. */
  error?: Error;
  /** Settles when the connection has closed. */
  closed: Promise<unknown>;
}

/**
 * POSTs with Node's http client, writing `chunks` one after another (each waits for the socket to drain, and
 * `pauseMs` between them); `end: false` leaves the body unfinished. Resolves with what the client read.
 */
function upload(
  url: string,
  chunks: Iterable<Buffer | string>,
  options: { headers?: Record<string, string>; end?: boolean; pauseMs?: number; timeouts?: RequestOptions } = {},
): Promise<Upload> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...options.headers },
    });
    const closed = new Promise((resolve) => req.on("close", resolve));
    req.on("error", (error) => resolve({ status: 0, headers: {}, body: "", error, closed }));
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (body += part));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body, closed }));
      res.on("error", (error) => resolve({ status: res.statusCode!, headers: res.headers, body, error, closed }));
    });
    void (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk))
          await new Promise<void>((resolve) => {
            const go = () => {
              req.off("drain", go).off("close", go);
              resolve();
            };
            req.on("drain", go).on("close", go);
          });
        if (options.pauseMs) await sleep(options.pauseMs);
      }
      if (options.end !== false) req.end();
    })();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function* mebibytes(count: number) {
  const chunk = Buffer.alloc(64 * 1024, "x");
  for (let i = 0; i < count * 16; i++) yield chunk;
}

describe("slow and large uploads", () => {
  it("answers a 20 MiB chunked upload with a readable 413, not a reset", async () => {
    const result = await upload(`${api.baseURL}/chat/completions`, mebibytes(20));
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(413);
    expect(result.headers.connection).toBe("close");
    expect(JSON.parse(result.body)).toMatchObject({ error: { type: "invalid_request_error", code: "request_too_large" } });
  });

  it("answers a 20 MiB upload announced by content-length with a readable 413", async () => {
    const result = await upload(`${api.baseURL}/chat/completions`, mebibytes(20), {
      headers: { "content-length": String(20 * 1024 * 1024) },
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: "request_too_large" } });
  });

  it("cuts off an upload that goes on past the drain allowance", async () => {
    const saved = bodySettings.drainBytes;
    bodySettings.drainBytes = 1024 * 1024;
    try {
      // The 413 may or may not be read before the cut; either way the connection ends long before 200 MiB.
      const result = await upload(`${api.baseURL}/chat/completions`, mebibytes(200));
      await result.closed;
      expect(result.status === 413 || result.error !== undefined).toBe(true);
      expect((await post({ model: "mts/qwen3-32b", messages: [] })).status).toBe(400);
    } finally {
      bodySettings.drainBytes = saved;
    }
  });

  it("answers 408 to a body that does not arrive in time, then closes the connection", async () => {
    const saved = bodySettings.timeoutMs;
    bodySettings.timeoutMs = 300;
    try {
      const started = Date.now();
      const result = await upload(`${api.baseURL}/chat/completions`, ['{"model":'], {
        headers: { "content-length": "1000" },
        end: false,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.status).toBe(408);
      expect(result.headers.connection).toBe("close");
      expect(JSON.parse(result.body)).toEqual({
        error: { message: expect.any(String), type: "invalid_request_error", code: "request_timeout", param: null },
      });
      await result.closed;
    } finally {
      bodySettings.timeoutMs = saved;
    }
  });

  it("bounds the time to send a request with the server's requestTimeout, but never the response", async () => {
    const server = createServer({ ...serverTimeouts, requestTimeout: 500, headersTimeout: 400, connectionsCheckingInterval: 50 }, (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      void serveNodeApi(req, res, url.pathname.replace(/^\/api\/v1/, ""), url.searchParams);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    try {
      const body = JSON.stringify({ model: "mts/qwen3-32b", stream: true, messages: [{ role: "user", content: "slow [[slow:1200]]" }] });
      const started = Date.now();
      const streamed = await upload(`${baseURL}/chat/completions`, [body]);
      expect(Date.now() - started).toBeGreaterThan(1_000);
      expect(streamed.error).toBeUndefined();
      expect(streamed.status).toBe(200);
      expect(streamed.body).toMatch(/"content":" slow"/);
      expect(streamed.body).toMatch(/data: \[DONE\]/);

      // The same server does cut a request still arriving after 500 ms.
      const trickled = await upload(`${baseURL}/chat/completions`, ["{", " ", " ", " ", " ", " ", " ", " "], {
        headers: { "content-length": "100" },
        pauseMs: 150,
        end: false,
      });
      expect(trickled.status === 408 || trickled.error !== undefined).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
