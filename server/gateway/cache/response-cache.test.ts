import { createOpenAI } from "@ai-sdk/openai";
import { streamText, tool } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { getMetrics } from "../../metrics/registry";
import { checkLedger } from "../../services/billing/check-ledger";
import { setHitSharePercent } from "../../services/cache/hit-share";
import { updateKeyCacheSettings, type KeyCacheSettingsPatch } from "../../services/cache/key-cache-settings";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import type { Generation } from "../recorder";
import { cacheScope } from "./cache-key";
import { keepAnswer, lookupAnswer, MAX_ENTRY_BYTES, type CachedAnswer } from "./response-cache";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await setHitSharePercent(await getDb(), 0);
  await api.close();
});

const MODEL = "gigachat/GigaChat-2-Max";

/** A new user's key with the cache set as given (before its first use: gateways cache keys for seconds). */
async function cachedKey(settings: KeyCacheSettingsPatch = { mode: "on" }, creditRub?: number) {
  const made = await createTestKey({ creditRub });
  await updateKeyCacheSettings(await getDb(), made.userId, made.keyId, settings);
  return made;
}

/** Another key of the same user. */
async function secondKey(userId: string, settings: KeyCacheSettingsPatch, allowedModels?: string[]) {
  const { createKey } = await import("../../services/keys/create-key");
  const { key, record } = await createKey(await getDb(), { userId, allowedModels });
  await updateKeyCacheSettings(await getDb(), userId, record.id, settings);
  return { key, keyId: record.id };
}

function post(path: string, key: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${api.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

const unique = (text: string) => `${text} ${crypto.randomUUID().slice(0, 8)}`;
const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({ model: MODEL, max_tokens: 50, messages: [{ role: "user", content }], ...extra });

/** Upstream attempts made by this process's gateway so far (every call to an emulator is one). */
async function upstreamCalls(): Promise<number> {
  return (await getMetrics().attempts.get()).values.reduce((sum, v) => sum + v.value, 0);
}

async function generation(key: string, id: string): Promise<Generation> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id} was not recorded`);
}

/** Counts the billing holds asked for while `fn` runs. */
async function holdsDuring(fn: () => Promise<void>): Promise<number> {
  const meter = getBilling().meter;
  const admit = meter.admit?.bind(meter);
  const reserve = meter.reserve.bind(meter);
  let holds = 0;
  if (admit) meter.admit = (input) => (holds++, admit(input));
  meter.reserve = (input) => (holds++, reserve(input));
  try {
    await fn();
  } finally {
    if (admit) meter.admit = admit;
    meter.reserve = reserve;
  }
  return holds;
}

describe("the response cache on chat completions (JSON)", () => {
  it("answers a repeat from the cache: no upstream call, no hold, a new id, recorded as a hit", async () => {
    const { key } = await cachedKey();
    const body = chatBody(unique("cache me"));
    const first = await post("/chat/completions", key, body);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-xrouter-cache")).toBe("miss");
    const miss = (await first.json()) as OpenAI.ChatCompletion & { usage: { cost_rub: number } };

    const calls = await upstreamCalls();
    let second!: Response;
    const holds = await holdsDuring(async () => {
      second = await post("/chat/completions", key, body);
    });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-xrouter-cache")).toBe("hit");
    expect(Number(second.headers.get("age"))).toBeGreaterThanOrEqual(0);
    expect(second.headers.get("x-xrouter-model")).toBe(MODEL);
    const hit = (await second.json()) as OpenAI.ChatCompletion & { usage: { cost_rub: number } };
    expect(await upstreamCalls()).toBe(calls);
    expect(holds).toBe(0);

    expect(hit.id).not.toBe(miss.id);
    expect(hit.id).toBe(`chatcmpl-${second.headers.get("x-request-id")!.slice(4)}`);
    expect(hit.choices[0]!.message.content).toBe(miss.choices[0]!.message.content);
    expect(hit.choices[0]!.finish_reason).toBe(miss.choices[0]!.finish_reason);
    expect(hit.usage.prompt_tokens).toBe(miss.usage!.prompt_tokens);
    expect(hit.usage.completion_tokens).toBe(miss.usage!.completion_tokens);
    expect(hit.usage.cost_rub).toBe(0);

    const recorded = await generation(key, second.headers.get("x-request-id")!);
    expect(recorded).toMatchObject({ cache: "hit", cost_rub: 0, status: 200, model: MODEL, tokens_completion: miss.usage!.completion_tokens });
    expect(recorded.saved_rub).toBe(miss.usage.cost_rub);
    expect((await generation(key, first.headers.get("x-request-id")!)).cache).toBe("miss");
  });

  it("never gives one user's answer to another user", async () => {
    const a = await cachedKey();
    const b = await cachedKey();
    const body = chatBody(unique("same question"));
    expect((await post("/chat/completions", a.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", a.key, body)).headers.get("x-xrouter-cache")).toBe("hit");
    expect((await post("/chat/completions", b.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
  });

  it("shares between a user's sharing keys, and keeps a non-sharing key's namespace its own", async () => {
    const one = await cachedKey({ mode: "on", shared: true });
    const two = await secondKey(one.userId, { mode: "on", shared: true });
    const own = await secondKey(one.userId, { mode: "on", shared: false });
    const body = chatBody(unique("shared question"));
    expect((await post("/chat/completions", one.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", two.key, body)).headers.get("x-xrouter-cache")).toBe("hit");
    expect((await post("/chat/completions", own.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", own.key, body)).headers.get("x-xrouter-cache")).toBe("hit");

    const ownOnly = chatBody(unique("private question"));
    expect((await post("/chat/completions", own.key, ownOnly)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", one.key, ownOnly)).headers.get("x-xrouter-cache")).toBe("miss");
  });

  it("never serves a sharing key an answer from a model it may not use", async () => {
    const one = await cachedKey();
    const limited = await secondKey(one.userId, { mode: "on" }, ["yandex/yandexgpt"]);
    const body = chatBody(unique("allowed models"));
    expect((await post("/chat/completions", one.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    const refused = await post("/chat/completions", limited.key, body);
    expect(refused.status).toBe(403);
  });

  it("is off unless the key or the request asks; `use` asks even when the key's cache is off", async () => {
    const { key } = await createTestKey();
    const body = chatBody(unique("off by default"));
    const plain = await post("/chat/completions", key, body);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("x-xrouter-cache")).toBeNull();
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBeNull();

    expect((await post("/chat/completions", key, body, { "x-xrouter-cache": "use" })).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", key, body, { "x-xrouter-cache": "use" })).headers.get("x-xrouter-cache")).toBe("hit");
  });

  it("bypass neither reads nor writes; refresh calls upstream and keeps the new answer", async () => {
    const { key } = await cachedKey();
    const body = chatBody(unique("bypass me"));
    const calls = await upstreamCalls();
    expect((await post("/chat/completions", key, body, { "x-xrouter-cache": "bypass" })).headers.get("x-xrouter-cache")).toBe("bypass");
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", key, body, { "x-xrouter-cache": "bypass" })).headers.get("x-xrouter-cache")).toBe("bypass");
    expect(await upstreamCalls()).toBe(calls + 3);

    const refreshed = await post("/chat/completions", key, body, { "x-xrouter-cache": "refresh" });
    expect(refreshed.headers.get("x-xrouter-cache")).toBe("refresh");
    expect(await upstreamCalls()).toBe(calls + 4);
    const hit = await post("/chat/completions", key, body);
    expect(hit.headers.get("x-xrouter-cache")).toBe("hit");
    expect(Number(hit.headers.get("age"))).toBeLessThanOrEqual(1);
    expect(await upstreamCalls()).toBe(calls + 4);
  });

  it("forgets an answer after its TTL (x-xrouter-cache-ttl)", async () => {
    const { key } = await cachedKey();
    const body = chatBody(unique("short lived"));
    expect((await post("/chat/completions", key, body, { "x-xrouter-cache-ttl": "1" })).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBe("hit");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBe("miss");
  });

  it("forgets a key's TTL-expired answers by the key's own TTL too", async () => {
    const { key } = await cachedKey({ mode: "on", ttlSeconds: 1 });
    const body = chatBody(unique("key ttl"));
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBe("hit");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await post("/chat/completions", key, body)).headers.get("x-xrouter-cache")).toBe("miss");
  });

  it("refuses bad header values with a 400 naming the header", async () => {
    const { key } = await cachedKey();
    for (const [header, value] of [
      ["x-xrouter-cache", "sometimes"],
      ["x-xrouter-cache-ttl", "0"],
      ["x-xrouter-cache-ttl", "604801"],
      ["x-xrouter-cache-ttl", "1.5"],
      ["x-xrouter-cache-ttl", "soon"],
    ] as const) {
      const res = await post("/chat/completions", key, chatBody("bad header"), { [header]: value });
      expect(res.status, `${header}: ${value}`).toBe(400);
      const body = (await res.json()) as { error: { param: string; message: string } };
      expect(body.error.param).toBe(header);
      expect(body.error.message).toContain(header);
    }
    const res = await post("/embeddings", key, { model: "gigachat/Embeddings", input: "x" }, { "x-xrouter-cache": "nope" });
    expect(res.status).toBe(400);
  });
});

describe("the entry size cap", () => {
  it("keeps an answer up to 1 MiB and never a bigger one", async () => {
    const { userId, keyId } = await createTestKey();
    const scope = cacheScope({ userId, keyId, rpm: null, allowedModels: null });
    const answer = (body: string): CachedAnswer => ({
      model: MODEL,
      provider: "gigachat",
      upstreamModel: "GigaChat-2-Max",
      priceId: 1,
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      finishReason: "stop",
      createdAt: Date.now(),
      body,
    });
    const small = await lookupAnswer(scope, "small");
    keepAnswer(small.slot, answer("x".repeat(MAX_ENTRY_BYTES - 1_000)), 60);
    const big = await lookupAnswer(scope, "big");
    keepAnswer(big.slot, answer("x".repeat(MAX_ENTRY_BYTES)), 60);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await lookupAnswer(scope, "small")).answer?.body).toHaveLength(MAX_ENTRY_BYTES - 1_000);
    expect((await lookupAnswer(scope, "big")).answer).toBeUndefined();
  });
});

describe("purging", () => {
  const purge = (key: string) => fetch(`${api.baseURL}/cache`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });

  it("DELETE /cache forgets the caller's answers, and only the caller's", async () => {
    const a = await cachedKey();
    const b = await cachedKey();
    const body = chatBody(unique("purge me"));
    await post("/chat/completions", a.key, body);
    await post("/chat/completions", b.key, body);
    const res = await purge(a.key);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ purged: true, scope: "user" });
    expect((await post("/chat/completions", a.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", a.key, body)).headers.get("x-xrouter-cache")).toBe("hit");
    expect((await post("/chat/completions", b.key, body)).headers.get("x-xrouter-cache")).toBe("hit");
  });

  it("a non-sharing key purges its own namespace; a sharing key purges the user's, its non-sharing keys' too", async () => {
    const shared = await cachedKey();
    const own = await secondKey(shared.userId, { mode: "on", shared: false });
    const body = chatBody(unique("scoped purge"));
    await post("/chat/completions", shared.key, body);
    await post("/chat/completions", own.key, body);
    expect(await (await purge(own.key)).json()).toEqual({ purged: true, scope: "key" });
    expect((await post("/chat/completions", shared.key, body)).headers.get("x-xrouter-cache")).toBe("hit");
    expect((await post("/chat/completions", own.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    await purge(shared.key);
    expect((await post("/chat/completions", shared.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
    expect((await post("/chat/completions", own.key, body)).headers.get("x-xrouter-cache")).toBe("miss");
  });
});

describe("streams", () => {
  const sse = (text: string) =>
    text
      .split("\n\n")
      .filter((block) => block.startsWith("data: "))
      .map((block) => block.slice("data: ".length));

  it("replays a hit as SSE the openai SDK reads like the miss: same text, finish reason and usage", async () => {
    const { key } = await cachedKey();
    const client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
    const content = unique("stream and replay");
    const read = async () => {
      const { data: stream, response } = await client.chat.completions
        .create({ model: MODEL, messages: [{ role: "user", content }], stream: true, stream_options: { include_usage: true } })
        .withResponse();
      let text = "";
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined;
      const ids = new Set<string>();
      for await (const chunk of stream) {
        ids.add(chunk.id);
        text += chunk.choices[0]?.delta.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
        usage = chunk.usage ?? usage;
      }
      return { text, finish, usage, ids, cache: response.headers.get("x-xrouter-cache") };
    };
    const miss = await read();
    const calls = await upstreamCalls();
    const hit = await read();
    expect(await upstreamCalls()).toBe(calls);
    expect(miss.cache).toBe("miss");
    expect(hit.cache).toBe("hit");
    expect(hit.text).toBe(`Echo: ${content}`);
    expect(hit.text).toBe(miss.text);
    expect(hit.finish).toBe("stop");
    expect(hit.usage?.completion_tokens).toBe(miss.usage?.completion_tokens);
    expect(hit.usage?.prompt_tokens).toBe(miss.usage?.prompt_tokens);
    expect(hit.ids.size).toBe(1);
    expect([...hit.ids][0]).not.toBe([...miss.ids][0]);

    // A JSON request shares the streamed answer (`stream` is not in the key).
    const json = await post("/chat/completions", key, { model: MODEL, messages: [{ role: "user", content }] });
    expect(json.headers.get("x-xrouter-cache")).toBe("hit");
    expect(((await json.json()) as OpenAI.ChatCompletion).choices[0]!.message.content).toBe(miss.text);
  });

  it("replays a streamed tool call for the AI SDK's streamText (@ai-sdk/openai .chat()) like the miss", async () => {
    const { key } = await cachedKey();
    const openai = createOpenAI({ baseURL: api.baseURL, apiKey: key });
    const city = unique("Kazan");
    const run = async () => {
      const result = streamText({
        model: openai.chat(MODEL),
        prompt: city,
        maxRetries: 0,
        tools: { weather: tool({ description: "Weather in a city", inputSchema: z.object({ city: z.string() }) }) },
      });
      let text = "";
      for await (const part of result.textStream) text += part;
      return { text, calls: (await result.toolCalls).map((c) => ({ name: c.toolName, input: c.input })), finish: await result.finishReason, usage: await result.usage, headers: (await result.response).headers };
    };
    const miss = await run();
    const calls = await upstreamCalls();
    const hit = await run();
    expect(await upstreamCalls()).toBe(calls);
    expect(miss.headers?.["x-xrouter-cache"]).toBe("miss");
    expect(hit.headers?.["x-xrouter-cache"]).toBe("hit");
    expect(miss.calls).toEqual([{ name: "weather", input: { city } }]);
    expect(hit.calls).toEqual(miss.calls);
    expect(hit.text).toBe(miss.text);
    expect(hit.finish).toBe("tool-calls");
    expect(hit.usage.inputTokens).toBe(miss.usage.inputTokens);
    expect(hit.usage.outputTokens).toBe(miss.usage.outputTokens);
    expect(hit.usage.outputTokens).toBeGreaterThan(0);
  });

  it("replays text for the AI SDK's streamText with usage", async () => {
    const { key } = await cachedKey();
    const openai = createOpenAI({ baseURL: api.baseURL, apiKey: key });
    const prompt = unique("ai sdk text");
    const run = async () => {
      const result = streamText({ model: openai.chat(MODEL), prompt, maxRetries: 0 });
      let text = "";
      for await (const part of result.textStream) text += part;
      return { text, usage: await result.usage, headers: (await result.response).headers };
    };
    const miss = await run();
    const hit = await run();
    expect(hit.headers?.["x-xrouter-cache"]).toBe("hit");
    expect(hit.text).toBe(`Echo: ${prompt}`);
    expect(hit.text).toBe(miss.text);
    expect(hit.usage.outputTokens).toBe(miss.usage.outputTokens);
  });

  it("never keeps a stream the upstream broke", async () => {
    const { key } = await cachedKey();
    const body = chatBody(unique("please cut [[cut:2]] this rather long answer short"), { stream: true, max_tokens: undefined });
    const first = await post("/chat/completions", key, body);
    expect(first.headers.get("x-xrouter-cache")).toBe("miss");
    const text = await first.text();
    expect(text).not.toContain("[DONE]");
    const second = await post("/chat/completions", key, body);
    expect(second.headers.get("x-xrouter-cache")).toBe("miss");
    await second.text();
  });

  it("never keeps a stream the client cut", async () => {
    const { key } = await cachedKey();
    const prompt = `${unique("long")} ${Array.from({ length: 3000 }, () => "a").join(" ")}`;
    const body = { model: MODEL, messages: [{ role: "user", content: prompt }], stream: true };
    const abort = new AbortController();
    const cut = await post("/chat/completions", key, body, {}, abort.signal);
    const reader = cut.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    abort.abort();
    await reader.cancel().catch(() => undefined);
    const recorded = await generation(key, cut.headers.get("x-request-id")!);
    expect(recorded.status).toBe(499);
    const again = await post("/chat/completions", key, { ...body, stream: false });
    expect(again.headers.get("x-xrouter-cache")).toBe("miss");
  });

  it("never keeps a failed answer", async () => {
    const { key } = await cachedKey();
    const body = chatBody(unique("fail [[status:400]]"));
    const first = await post("/chat/completions", key, body);
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.headers.get("x-xrouter-cache")).toBe("miss");
    const second = await post("/chat/completions", key, body);
    expect(second.headers.get("x-xrouter-cache")).toBe("miss");
  });

  it("writes the usage chunk and [DONE] on a replayed stream", async () => {
    const { key } = await cachedKey();
    const body = chatBody(unique("raw replay"), { stream: true, stream_options: { include_usage: true } });
    await (await post("/chat/completions", key, body)).text();
    const hit = await post("/chat/completions", key, body);
    expect(hit.headers.get("content-type")).toContain("text/event-stream");
    const events = sse(await hit.text());
    expect(events.at(-1)).toBe("[DONE]");
    const usage = JSON.parse(events.at(-2)!) as OpenAI.ChatCompletionChunk & { usage: { cost_rub: number } };
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.usage.cost_rub).toBe(0);
  });
});

describe("embeddings", () => {
  it("are cached once the key's cache is on, in either encoding", async () => {
    const { key } = await cachedKey();
    const client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
    const input = unique("embed me");
    const first = await client.embeddings.create({ model: "gigachat/Embeddings", input, encoding_format: "float" }).withResponse();
    expect(first.response.headers.get("x-xrouter-cache")).toBe("miss");
    const calls = await upstreamCalls();
    const second = await client.embeddings.create({ model: "gigachat/Embeddings", input, encoding_format: "float" }).withResponse();
    expect(second.response.headers.get("x-xrouter-cache")).toBe("hit");
    expect(await upstreamCalls()).toBe(calls);
    expect(second.data.data[0]!.embedding).toEqual(first.data.data[0]!.embedding);
    expect(second.data.usage.prompt_tokens).toBe(first.data.usage.prompt_tokens);
  });

  it("are not cached when the key's cache is off", async () => {
    const { key } = await createTestKey();
    const res = await post("/embeddings", key, { model: "gigachat/Embeddings", input: unique("not cached") });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-cache")).toBeNull();
  });
});

describe("money", () => {
  it("charges a hit the published share of the current price, through the ledger, which stays clean", async () => {
    const db = await getDb();
    const { key } = await cachedKey();
    const body = chatBody(unique("a paid hit with a fairly long prompt to make the price visible ".repeat(20)), { max_tokens: 200 });
    const miss = (await (await post("/chat/completions", key, body)).json()) as { usage: { cost_rub: number } };
    expect(miss.usage.cost_rub).toBeGreaterThan(0);
    await setHitSharePercent(db, 50);
    try {
      let res!: Response;
      const holds = await holdsDuring(async () => {
        res = await post("/chat/completions", key, body);
      });
      expect(res.headers.get("x-xrouter-cache")).toBe("hit");
      expect(holds).toBe(1); // the exact charge, reserved and settled at once
      const hit = (await res.json()) as { usage: { cost_rub: number } };
      expect(hit.usage.cost_rub).toBeGreaterThan(0);
      expect(hit.usage.cost_rub).toBeLessThan(miss.usage.cost_rub);
      expect(Math.abs(hit.usage.cost_rub - miss.usage.cost_rub / 2)).toBeLessThanOrEqual(0.000003);
      const recorded = await generation(key, res.headers.get("x-request-id")!);
      expect(recorded.cost_rub).toBe(hit.usage.cost_rub);
      expect(recorded.saved_rub).toBeCloseTo(miss.usage.cost_rub - hit.usage.cost_rub, 6);
    } finally {
      await setHitSharePercent(db, 0);
    }
    await getBilling().charges.flush();
    const credits = (await (await fetch(`${api.baseURL}/credits`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { total_usage_rub: number } };
    expect(credits.data.total_usage_rub).toBeGreaterThan(miss.usage.cost_rub);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it("serves a free hit on an empty balance, and refuses a paid one the balance cannot cover with 402", async () => {
    const db = await getDb();
    const { key, userId } = await cachedKey({ mode: "on" });
    const body = chatBody(unique("a hit on an empty balance ".repeat(20)), { max_tokens: 50 });
    expect((await post("/chat/completions", key, body)).status).toBe(200);
    await getBilling().charges.flush();
    const { addCredits } = await import("../../services/credits/add-credits");
    const { users } = await import("../../db/schema");
    const { eq } = await import("drizzle-orm");
    const [user] = await db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
    await addCredits(db, { userId, amountMicro: -user!.balance, kind: "adjustment" });
    await getBilling().meter.credit(userId, -user!.balance);
    const free = await post("/chat/completions", key, body);
    expect(free.status).toBe(200);
    expect(free.headers.get("x-xrouter-cache")).toBe("hit");
    await setHitSharePercent(db, 100);
    try {
      const res = await post("/chat/completions", key, body);
      expect(res.status).toBe(402);
    } finally {
      await setHitSharePercent(db, 0);
    }
  });
});
