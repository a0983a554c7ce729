import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../core/catalog";
import { getDb } from "../db";
import { apiKeys, modelRouting, providerAccounts, routingRules } from "../db/schema";
import { newId } from "../ids";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { scriptedAccount, type ScriptedUpstream } from "../testing/scripted-upstream";
import { invalidateAccounts } from "./accounts";
import { planRoutes } from "./plan";
import { invalidateRules } from "./rules";
import { routingSettings } from "./settings";
import { invalidateStrategies } from "./strategies/model-strategies";

let api: TestApi;
const upstreams: ScriptedUpstream[] = [];

beforeAll(async () => {
  api = await startTestApi();
  Object.assign(routingSettings, {
    firstByteTimeoutMs: 400,
    backoffBaseMs: 10,
    backoffMaxMs: 20,
    breakerWindowMs: 2_000,
    breakerMinimumRps: 1,
    breakerHalfOpenAfterMs: 500,
    slotWaitMs: 10_000,
  });
});
afterAll(async () => {
  await Promise.all(upstreams.map((u) => u.close()));
  await api.close();
});

async function account(name: string, model: string, options: Parameters<typeof scriptedAccount>[2] = {}) {
  const made = await scriptedAccount(name, model, options);
  upstreams.push(made.upstream);
  return made;
}

async function chat(key: string, body: object) {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ max_tokens: 10, messages: [{ role: "user", content: "hi" }], ...body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as { choices: { message: { content: string } }[] } };
}

describe("routing", () => {
  it("falls back to the next account on a 500, and on a first-byte timeout", async () => {
    const { key } = await createTestKey();
    const a = await account("a500", "mts/qwen2.5-72b-instruct", { priority: 200 });
    const b = await account("b-ok", "mts/qwen2.5-72b-instruct", { priority: 150 });
    a.upstream.mode = { kind: "status", status: 500 };
    const res = await chat(key, { model: "mts/qwen2.5-72b-instruct" });
    expect(res.status).toBe(200);
    expect(res.json().choices[0]!.message.content).toBe("from b-ok");
    expect(Number(res.headers.get("x-xrouter-attempts"))).toBeGreaterThanOrEqual(2);

    a.upstream.mode = { kind: "hang" };
    const timed = await chat(key, { model: "mts/qwen2.5-72b-instruct" });
    expect(timed.status).toBe(200);
    expect(timed.json().choices[0]!.message.content).toBe("from b-ok");
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, a.id));
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, b.id));
    invalidateAccounts();
  });

  it("never retries or falls back once the first byte of a stream has gone out", async () => {
    const { key } = await createTestKey();
    const a = await account("cut", "mts/llama-3.3-70b-instruct", { priority: 200 });
    const b = await account("spare", "mts/llama-3.3-70b-instruct", { priority: 150 });
    a.upstream.mode = { kind: "cut-after-first-chunk" };
    const res = await chat(key, { model: "mts/llama-3.3-70b-instruct", stream: true });
    expect(res.status).toBe(200);
    expect(res.text).toContain("from cut");
    expect(res.text).toContain('"finish_reason":"error"');
    expect(res.text).not.toContain("[DONE]");
    expect(a.upstream.requests).toBe(1);
    expect(b.upstream.requests).toBe(0);
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, a.id));
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, b.id));
    invalidateAccounts();
  });

  it("honours Retry-After on a 429 before trying again", async () => {
    const { key } = await createTestKey();
    const a = await account("busy", "mts/glm-4.6-357b", { priority: 200 });
    a.upstream.mode = { kind: "status", status: 429, retryAfter: 1 };
    setTimeout(() => (a.upstream.mode = { kind: "ok" }), 300);
    const started = Date.now();
    const res = await chat(key, { model: "mts/glm-4.6-357b" });
    expect(res.status).toBe(200);
    expect(res.json().choices[0]!.message.content).toBe("from busy");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, a.id));
    invalidateAccounts();
  });

  it("opens the breaker on a failing account, skips it, and recovers after the half-open probe", async () => {
    const { key } = await createTestKey();
    const model = "mts/mws-gpt-alpha";
    const bad = await account("flaky", model, { priority: 200 });
    const good = await account("steady", model, { priority: 150 });
    bad.upstream.mode = { kind: "status", status: 503 };
    for (let i = 0; i < 12; i++) await chat(key, { model });
    const before = bad.upstream.requests;
    for (let i = 0; i < 5; i++) expect((await chat(key, { model })).json().choices[0]!.message.content).toBe("from steady");
    expect(bad.upstream.requests).toBe(before);

    bad.upstream.mode = { kind: "ok" };
    await new Promise((r) => setTimeout(r, 700));
    await expect.poll(async () => (await chat(key, { model })).json().choices[0]!.message.content, { timeout: 5_000 }).toBe("from flaky");
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, bad.id));
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, good.id));
    invalidateAccounts();
  });

  it("splits traffic by weight within ±5% over 2,000 requests", async () => {
    const { key } = await createTestKey({ creditRub: 100 });
    const model = "mts/bge-m3-chat";
    const heavy = await account("heavy", "mts/qwen3-32b", { weight: 3, priority: 300 });
    const light = await account("light", "mts/qwen3-32b", { weight: 1, priority: 300 });
    void model;
    for (let i = 0; i < 2000; i += 50)
      await Promise.all(Array.from({ length: 50 }, () => chat(key, { model: "mts/qwen3-32b" })));
    const share = heavy.upstream.requests / (heavy.upstream.requests + light.upstream.requests);
    expect(heavy.upstream.requests + light.upstream.requests).toBe(2000);
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, heavy.id));
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, light.id));
    invalidateAccounts();
  }, 120_000);

  it("respects an account's concurrency limit under 50 parallel requests", async () => {
    const { key } = await createTestKey();
    const a = await account("narrow", "mts/T-pro-it-1.0", { priority: 500, concurrency: 2 });
    a.upstream.mode = { kind: "ok", delayMs: 60 };
    const results = await Promise.all(Array.from({ length: 50 }, () => chat(key, { model: "mts/T-pro-it-1.0", provider: { only: ["mts"], allow_fallbacks: false } })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(a.upstream.requests).toBe(50);
    expect(a.upstream.maxInFlight).toBeLessThanOrEqual(2);
    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, a.id));
    invalidateAccounts();
  }, 60_000);
});

describe("auto, rules and A/B", () => {
  it("`auto` only picks models with the features the request uses", async () => {
    const { key } = await createTestKey();
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } }];
    const { getCatalog } = await import("../core/catalog");
    const catalog = await getCatalog();
    for (let i = 0; i < 5; i++) {
      const res = await chat(key, { model: "auto", tools });
      expect(res.status).toBe(200);
      const chosen = res.headers.get("x-xrouter-model")!;
      expect(catalog.get(chosen)!.features.tools).toBe(true);
      expect(decodeURIComponent(res.headers.get("x-xrouter-route-reason")!)).toContain("auto");
    }
    const plain = await chat(key, { model: "auto" });
    const cheapest = [...catalog.values()].filter((m) => m.kind === "chat").sort((a, b) => a.price.inputMicroPer1M + a.price.outputMicroPer1M - (b.price.inputMicroPer1M + b.price.outputMicroPer1M))[0]!;
    expect(catalog.get(plain.headers.get("x-xrouter-model")!)!.price.inputMicroPer1M + catalog.get(plain.headers.get("x-xrouter-model")!)!.price.outputMicroPer1M).toBe(
      cheapest.price.inputMicroPer1M + cheapest.price.outputMicroPer1M,
    );
  });

  it("keeps keys tagged ru-only on the providers the rule allows", async () => {
    const { key, keyId } = await createTestKey();
    const db = await getDb();
    await db.update(apiKeys).set({ tags: ["ru-only"] }).where(eq(apiKeys.id, keyId));
    const ruleId = newId("key").replace("key_", "rule_");
    await db.insert(routingRules).values({ id: ruleId, position: 1, name: "ru-only stays on GigaChat", match: { keyTags: ["ru-only"] }, action: { type: "providers", only: ["gigachat"] } });
    invalidateRules();
    await new Promise((r) => setTimeout(r, 4_100)); // the key cache picks up the tag
    const refused = await chat(key, { model: "mts/qwen3-32b" });
    expect(refused.status).toBe(503);
    const allowed = await chat(key, { model: "gigachat/GigaChat-2" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("x-xrouter-provider")).toBe("gigachat");
    await db.delete(routingRules).where(eq(routingRules.id, ruleId));
    invalidateRules();
  });

  it("sends a sticky share of users to the A/B model", async () => {
    const db = await getDb();
    const ruleId = `rule_ab_${crypto.randomUUID().slice(0, 6)}`;
    await db.insert(routingRules).values({
      id: ruleId,
      position: 2,
      name: "ab",
      match: { models: ["gigachat/GigaChat-2-Max"] },
      action: { type: "split", to: "yandex/yandexgpt", percent: 30 },
    });
    invalidateRules();
    const users = await Promise.all(Array.from({ length: 40 }, () => createTestKey()));
    let toB = 0;
    for (const user of users) {
      const first = (await chat(user.key, { model: "gigachat/GigaChat-2-Max" })).headers.get("x-xrouter-model");
      for (let i = 0; i < 3; i++) expect((await chat(user.key, { model: "gigachat/GigaChat-2-Max" })).headers.get("x-xrouter-model")).toBe(first);
      if (first === "yandex/yandexgpt") toB++;
    }
    expect(toB).toBeGreaterThan(3);
    expect(toB).toBeLessThan(25);
    await db.delete(routingRules).where(eq(routingRules.id, ruleId));
    invalidateRules();
  }, 60_000);
});

describe("price strategy", () => {
  it("orders two accounts of one model by their own cost, cheapest first, while the user pays the catalog price", async () => {
    const db = await getDb();
    const model = "mts/llama-3.3-70b-instruct";
    // Weighted routing would put the dear account first 20 times in 21.
    const dear = await account("dear", model, { weight: 20, priority: 300 });
    const cheap = await account("cheap", model, { weight: 1, priority: 300 });
    await db.update(providerAccounts).set({ costPercent: 140 }).where(eq(providerAccounts.id, dear.id));
    await db.update(providerAccounts).set({ costPercent: 70 }).where(eq(providerAccounts.id, cheap.id));
    invalidateAccounts();
    const setStrategy = (strategy: string) => db.insert(modelRouting).values({ modelId: model, strategy }).onConflictDoUpdate({ target: modelRouting.modelId, set: { strategy } });
    await setStrategy("price");
    invalidateStrategies();

    const catalog = await getCatalog();
    const input = {
      model,
      needs: { kind: "chat" as const, tools: false, json: false, contextTokens: 100 },
      principal: { userId: "usr_price_strategy", keyId: "key_price_strategy", rpm: null, allowedModels: null },
      catalog,
    };
    for (let i = 0; i < 30; i++) {
      const plan = await planRoutes(input);
      expect(plan.routes.slice(0, 2).map((r) => r.account.id)).toEqual([cheap.id, dear.id]);
      expect(plan.reason).toBe("price");
    }

    // Swapping the costs swaps the order.
    await db.update(providerAccounts).set({ costPercent: 10 }).where(eq(providerAccounts.id, dear.id));
    invalidateAccounts();
    expect((await planRoutes(input)).routes.slice(0, 2).map((r) => r.account.id)).toEqual([dear.id, cheap.id]);

    const { key } = await createTestKey();
    const res = await chat(key, { model });
    expect(res.status).toBe(200);
    expect(res.json().choices[0]!.message.content).toBe("from dear");
    const { price } = catalog.get(model)!;
    const usage = (JSON.parse(res.text) as { usage: { prompt_tokens: number; completion_tokens: number; cost_rub: number } }).usage;
    expect(usage.cost_rub).toBe(Math.ceil((usage.prompt_tokens * price.inputMicroPer1M + usage.completion_tokens * price.outputMicroPer1M) / 1_000_000) / 1_000_000);

    await setStrategy("weighted");
    invalidateStrategies();
    await db.delete(providerAccounts).where(eq(providerAccounts.id, dear.id));
    await db.delete(providerAccounts).where(eq(providerAccounts.id, cheap.id));
    invalidateAccounts();
    invalidateAccounts();
  });
});
