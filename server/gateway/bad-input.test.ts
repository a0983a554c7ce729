import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { requests } from "../db/schema";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { flushRequests } from "./recorder";

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
