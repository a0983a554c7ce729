import { and, count, eq, lt, sql } from "drizzle-orm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../core/catalog";
import { getDb } from "../../db";
import { semanticCacheEntries } from "../../db/schema";
import { getMetrics } from "../../metrics/registry";
import { updateKeyCacheSettings, type KeyCacheSettingsPatch } from "../../services/cache/key-cache-settings";
import { accountsServing, getAccounts } from "../../routing/accounts";
import { breakerFor } from "../../routing/breakers";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import type { Generation } from "../recorder";
import { SEMANTIC_EMBED_ENDPOINT } from "./semantic-embed";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const MODEL = "gigachat/GigaChat-2";
const EMBEDDER = "gigachat/Embeddings";

/** A new user's key with the cache and the semantic cache on (before its first use: gateways cache keys for seconds). */
async function semanticKey(settings: KeyCacheSettingsPatch = {}) {
  const made = await createTestKey();
  await updateKeyCacheSettings(await getDb(), made.userId, made.keyId, { mode: "on", semantic: true, ...settings });
  return made;
}

function ask(key: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: MODEL, max_tokens: 50, messages: [{ role: "user", content }], ...extra }),
  });
}

/** The answer's text and what the cache did. */
async function answer(res: Response): Promise<{ cache: string | null; text: string; id: string }> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as OpenAI.ChatCompletion;
  return { cache: res.headers.get("x-xrouter-cache"), text: body.choices[0]!.message.content ?? "", id: res.headers.get("x-request-id")! };
}

async function rows(userId: string): Promise<number> {
  const [row] = await (await getDb()).select({ n: count() }).from(semanticCacheEntries).where(eq(semanticCacheEntries.userId, userId));
  return row!.n;
}

/** Waits until the user has `n` semantic rows (they are written after the answer ended). */
async function rowsReach(userId: string, n: number): Promise<void> {
  for (let i = 0; i < 100 && (await rows(userId)) < n; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await rows(userId)).toBe(n);
}

/** Asks, then waits for the answer's embedding row: the next request may find it. */
async function askAndKeep(made: { key: string; userId: string }, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const before = await rows(made.userId);
  const first = await answer(await ask(made.key, content, extra, headers));
  expect(first.cache).toBe("miss");
  await rowsReach(made.userId, before + 1);
  return first;
}

/** Upstream attempts made by this process's gateway so far (chat and embeddings alike). */
async function upstreamCalls(): Promise<number> {
  return (await getMetrics().attempts.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** The semantic cache's own embedding calls counted so far. */
async function embeddingCalls(): Promise<number> {
  const values = (await getMetrics().requests.get()).values.filter((v) => v.labels.endpoint === SEMANTIC_EMBED_ENDPOINT);
  return values.reduce((sum, v) => sum + v.value, 0);
}

async function generation(key: string, id: string): Promise<Generation> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id} was not recorded`);
}

describe("the semantic cache", () => {
  it("answers a paraphrase with the kept answer, labelled semantic-hit, with no chat call (one embedding call)", async () => {
    const made = await semanticKey();
    const original = await askAndKeep(made, "Какая погода завтра в Казани?");
    expect(original.text).toBe("Echo: Какая погода завтра в Казани?");

    const [calls, embeds] = [await upstreamCalls(), await embeddingCalls()];
    const res = await ask(made.key, "какая ЗАВТРА погода в Казани");
    expect(res.headers.get("x-xrouter-model")).toBe(MODEL);
    expect(res.headers.get("x-xrouter-attempts")).toBe("0");
    const hit = await answer(res);
    expect(hit.cache).toBe("semantic-hit");
    expect(hit.text).toBe(original.text);
    expect(await embeddingCalls()).toBe(embeds + 1);
    expect(await upstreamCalls()).toBe(calls + 1);

    const recorded = await generation(made.key, hit.id);
    expect(recorded).toMatchObject({ cache: "semantic-hit", status: 200, cost_rub: 0, model: MODEL });
    expect(recorded.route_reason).toMatch(/^semantic cache hit \(similarity 1\.000\)$/);
    // The hit kept nothing more: one row, for the original question.
    expect(await rows(made.userId)).toBe(1);
    const hits = (await getMetrics().cacheRequests.get()).values.find((v) => v.labels.result === "semantic-hit");
    expect(hits?.value).toBeGreaterThanOrEqual(1);
  });

  it("does not answer a question of another meaning in much the same words", async () => {
    const made = await semanticKey();
    await askAndKeep(made, "Как открыть вклад в банке?");
    const other = await answer(await ask(made.key, "Как закрыть вклад в банке?"));
    expect(other.cache).toBe("miss");
    expect(other.text).toBe("Echo: Как закрыть вклад в банке?");
  });

  it("applies the key's threshold: a lower one answers that pair too", async () => {
    const made = await semanticKey({ semanticThreshold: 0.7 });
    await askAndKeep(made, "Как открыть вклад в банке?");
    const loose = await answer(await ask(made.key, "Как закрыть вклад в банке?"));
    expect(loose.cache).toBe("semantic-hit");
    expect(loose.text).toBe("Echo: Как открыть вклад в банке?");
  });

  it("never gives one user's answer to another user's paraphrase", async () => {
    const a = await semanticKey();
    const b = await semanticKey();
    await askAndKeep(a, "Где ближайший банкомат?");
    expect((await answer(await ask(a.key, "где ближайший банкомат"))).cache).toBe("semantic-hit");
    const other = await answer(await ask(b.key, "где ближайший банкомат"));
    expect(other.cache).toBe("miss");
    expect(other.text).toBe("Echo: где ближайший банкомат");
  });

  it("needs every other field equal: another temperature, model or earlier message is a miss", async () => {
    const made = await semanticKey();
    await askAndKeep(made, "Почему приложение вылетает?", { temperature: 0.3 });
    expect((await answer(await ask(made.key, "Почему вылетает приложение?", { temperature: 0.3 }))).cache).toBe("semantic-hit");
    expect((await answer(await ask(made.key, "Почему вылетает приложение?", { temperature: 0.4 }))).cache).toBe("miss");
    expect((await answer(await ask(made.key, "Почему вылетает приложение?", { temperature: 0.3, model: "gigachat/GigaChat-2-Pro" }))).cache).toBe("miss");
    const withSystem = {
      temperature: 0.3,
      messages: [{ role: "system", content: "Отвечай кратко." }, { role: "user", content: "Почему вылетает приложение?" }],
    };
    expect((await answer(await ask(made.key, "", withSystem))).cache).toBe("miss");
  });

  it("is off unless the key turns it on: no embedding call, no row", async () => {
    const made = await createTestKey();
    await updateKeyCacheSettings(await getDb(), made.userId, made.keyId, { mode: "on" });
    const embeds = await embeddingCalls();
    expect((await answer(await ask(made.key, "Какой курс доллара сегодня?"))).cache).toBe("miss");
    expect((await answer(await ask(made.key, "Какой сегодня курс доллара?"))).cache).toBe("miss");
    expect(await embeddingCalls()).toBe(embeds);
    expect(await rows(made.userId)).toBe(0);
  });

  it("is forgotten on purge (DELETE /cache): hidden and deleted", async () => {
    const made = await semanticKey();
    await askAndKeep(made, "Как заблокировать карту?");
    const purge = await fetch(`${api.baseURL}/cache`, { method: "DELETE", headers: { authorization: `Bearer ${made.key}` } });
    expect(await purge.json()).toEqual({ purged: true, scope: "user" });
    expect(await rows(made.userId)).toBe(0);
    const after = await answer(await ask(made.key, "Как заблокировать банковскую карту?"));
    expect(after.cache).toBe("miss");
    expect(after.text).toBe("Echo: Как заблокировать банковскую карту?");
  });

  it("a non-sharing key's purge deletes its own rows only", async () => {
    const shared = await semanticKey();
    const { createKey } = await import("../../services/keys/create-key");
    const { key, record } = await createKey(await getDb(), { userId: shared.userId });
    await updateKeyCacheSettings(await getDb(), shared.userId, record.id, { mode: "on", semantic: true, shared: false });
    const own = { key, userId: shared.userId };
    await askAndKeep(shared, "Сколько дней идёт доставка?");
    await askAndKeep(own, "Сколько дней идёт доставка?");
    await fetch(`${api.baseURL}/cache`, { method: "DELETE", headers: { authorization: `Bearer ${own.key}` } });
    expect(await rows(shared.userId)).toBe(1);
    expect((await answer(await ask(shared.key, "Сколько идёт дней доставка"))).cache).toBe("semantic-hit");
    expect((await answer(await ask(own.key, "Сколько идёт дней доставка"))).cache).toBe("miss");
  });

  it("honours the TTL: a kept answer's embedding expires with it", async () => {
    const made = await semanticKey();
    await askAndKeep(made, "Нужна ли виза в Турцию?", {}, { "x-xrouter-cache-ttl": "1" });
    expect((await answer(await ask(made.key, "нужна ли в Турцию виза"))).cache).toBe("semantic-hit");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const [expired] = await (await getDb())
      .select({ n: count() })
      .from(semanticCacheEntries)
      .where(and(eq(semanticCacheEntries.userId, made.userId), lt(semanticCacheEntries.expiresAt, sql`now()`)));
    expect(expired!.n).toBe(1);
    expect((await answer(await ask(made.key, "нужна ли в Турцию виза"))).cache).toBe("miss");
  });

  it("replays a semantic hit as a stream the openai SDK reads like the original", async () => {
    const made = await semanticKey();
    const original = await askAndKeep(made, "Что подарить маме на день рождения?");
    const client = new OpenAI({ baseURL: api.baseURL, apiKey: made.key, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({ model: MODEL, max_tokens: 50, messages: [{ role: "user", content: "Что подарить маме на её день рождения?" }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(response.headers.get("x-xrouter-cache")).toBe("semantic-hit");
    expect(text).toBe(original.text);
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("falls through to a normal answer when the embedding call fails, and keeps no row", async () => {
    const made = await semanticKey();
    const model = (await getCatalog()).get(EMBEDDER)!;
    const isolated = accountsServing(await getAccounts(), model).map((account) => breakerFor(account.id, EMBEDDER).isolate());
    expect(isolated.length).toBeGreaterThan(0);
    try {
      const failed = await answer(await ask(made.key, "Как улучшить сон?"));
      expect(failed.cache).toBe("miss");
      expect(failed.text).toBe("Echo: Как улучшить сон?");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await rows(made.userId)).toBe(0);
    } finally {
      for (const handle of isolated) handle.dispose();
    }
    // The exact cache still works, and once the embedder is back the semantic cache does too.
    expect((await answer(await ask(made.key, "Как улучшить сон?"))).cache).toBe("hit");
    await askAndKeep(made, "Как наладить сон?");
  });
});
