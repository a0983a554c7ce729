import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { and, eq } from "drizzle-orm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getBilling } from "../billing";
import { getDb } from "../db";
import { ledger, modelPrices, users } from "../db/schema";
import { checkLedger } from "../services/billing/check-ledger";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { getAccounts } from "../routing/accounts";
import { inFlight } from "../routing/slots";
import { getStore } from "../store";
import { invalidateCatalog } from "../core/catalog";
import { flushRequests } from "./recorder";

const prefix = `xr-test:${crypto.randomUUID()}:`;
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({}, prefix);
});
afterAll(() => api.close());

const sdk = (key: string, baseURL = api.baseURL) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0 });

async function settled() {
  await Promise.all([getBilling().charges.flush(), flushRequests()]);
}

async function balanceOf(userId: string) {
  const [row] = await (await getDb()).select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
  return row!.balance;
}

async function chargesOf(userId: string) {
  return (await getDb()).select().from(ledger).where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));
}

async function rawPost(key: string, body: object, signal?: AbortSignal) {
  return fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

describe("metering", () => {
  it("refuses with 402 insufficient_quota naming the balance and the estimate, without calling the provider", async () => {
    const { key, userId } = await createTestKey({ creditRub: 0 });
    const res = await rawPost(key, { model: "gigachat/GigaChat-2-Max", max_tokens: 100, messages: [{ role: "user", content: "hi" }] });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    expect(body.error.message).toMatch(/0\.00 RUB available.*may cost up to \d+\.\d+ RUB/);
    await settled();
    expect(await chargesOf(userId)).toHaveLength(0);
  });

  it("caps max_tokens to what the budget pays for when the request set none, and frees each hold down to its cost at once", async () => {
    // GigaChat-2-Max's whole context would cost ~47 RUB; 2 RUB pays for a few thousand completion tokens.
    const { key } = await createTestKey({ creditRub: 2 });
    for (let i = 0; i < 3; i++) {
      const res = await rawPost(key, { model: "gigachat/GigaChat-2-Max", messages: [{ role: "user", content: `capped ${i}` }] });
      expect(res.status).toBe(200);
      expect(Number(res.headers.get("x-xrouter-max-tokens-capped"))).toBeGreaterThan(16);
    }
  });

  it("charges a completion once, at its price row, and the response's cost_rub matches the ledger", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const completion = await sdk(key).chat.completions.create({ model: "yandex/yandexgpt", max_tokens: 50, messages: [{ role: "user", content: "price me" }] });
    await settled();
    const charges = await chargesOf(userId);
    expect(charges).toHaveLength(1);
    const costRub = (completion.usage as unknown as { cost_rub: number }).cost_rub;
    expect(-charges[0]!.amountMicro).toBe(Math.round(costRub * 1_000_000));
    expect(charges[0]!.priceId).toBeGreaterThan(0);
    expect(charges[0]!.reference).toBe(`req_${completion.id.slice("chatcmpl-".length)}`);
    expect(await balanceOf(userId)).toBe(10_000_000 + charges[0]!.amountMicro);
  });

  it("leaves no billing hold and no concurrency slot behind when the rate limit refuses a request", async () => {
    // The rate limit is counted first, in the same store call as the hold and the first route's slot: a refused
    // request takes neither.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 58_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
    const { key, keyId, userId } = await createTestKey({ creditRub: 10, rpm: 1 });
    const ask = () => rawPost(key, { model: "mts/mws-gpt-alpha", max_tokens: 20, messages: [{ role: "user", content: "once" }] });
    // Another instance used this minute's request.
    await getStore().incr(`rpm:${keyId}:${Math.floor(Date.now() / 60_000)}`, 1, 61_000);
    expect((await ask()).status).toBe(429);
    expect((await ask()).status).toBe(429);
    await settled();
    expect(await getBilling().meter.available(userId)).toBe(await balanceOf(userId));
    const account = (await getAccounts()).find((a) => a.provider === "mts")!;
    expect(await inFlight(account.id)).toBe(0);
  });

  it("holds a key's spend limit: once spent, further requests get 402", async () => {
    // yandexgpt costs 1200 RUB per 1M tokens: a 50-token worst case is ~0.07 RUB against a 0.1 RUB limit.
    const { key } = await createTestKey({ creditRub: 10, limitMicro: 100_000, limitPeriod: "day" });
    const ask = () => rawPost(key, { model: "yandex/yandexgpt", max_tokens: 20, messages: [{ role: "user", content: "a" }] });
    expect((await ask()).status).toBe(200);
    await settled();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await ask()).status);
    expect(statuses).toContain(402);
    const res = await ask();
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/spend limit/);
  });

  it("bills a stream cut by the upstream for the prompt plus what was delivered", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const res = await rawPost(key, {
      model: "mts/qwen3-32b",
      stream: true,
      max_tokens: 100,
      messages: [{ role: "user", content: "one two three four five six seven [[cut:3]]" }],
    });
    const text = await res.text();
    expect(text).toContain('"finish_reason":"error"');
    await settled();
    const charges = await chargesOf(userId);
    expect(charges).toHaveLength(1);
    expect(-charges[0]!.amountMicro).toBeGreaterThan(0);
  });

  it("releases everything when the upstream fails before the first token", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    for (const stream of [false, true]) {
      const res = await rawPost(key, { model: "mts/qwen3-32b", stream, max_tokens: 10, messages: [{ role: "user", content: "[[status:503]]" }] });
      expect(res.status).toBe(502);
    }
    await settled();
    expect(await chargesOf(userId)).toHaveLength(0);
    expect(await getBilling().meter.available(userId)).toBe(10_000_000);
  });

  it("bills a client that disconnects mid-stream for what was delivered, once", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const controller = new AbortController();
    const long = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(" ");
    const res = await rawPost(key, { model: "mts/qwen3-32b", stream: true, max_tokens: 4000, messages: [{ role: "user", content: long }] }, controller.signal);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect.poll(async () => (await settled(), (await chargesOf(userId)).length), { timeout: 5000 }).toBe(1);
    const [charge] = await chargesOf(userId);
    expect(-charge!.amountMicro).toBeGreaterThan(0);
    // Far less than the worst case that was held: only what was delivered is billed.
    expect(-charge!.amountMicro).toBeLessThan(2_000_000);
    expect(await getBilling().meter.available(userId)).toBe(10_000_000 + charge!.amountMicro);
  });

  it("charges at the price row captured at reservation even when the price changes before settlement", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const db = await getDb();
    const [before] = await db.select().from(modelPrices).where(eq(modelPrices.modelId, "tbank/T-lite-it-1.0"));
    const pending = rawPost(key, { model: "tbank/T-lite-it-1.0", max_tokens: 20, messages: [{ role: "user", content: "slow [[slow:400]]" }] });
    await new Promise((r) => setTimeout(r, 100));
    await db.insert(modelPrices).values({
      modelId: "tbank/T-lite-it-1.0",
      inputMicroPer1M: before!.inputMicroPer1M * 10,
      outputMicroPer1M: before!.outputMicroPer1M * 10,
      cachedInputMicroPer1M: 0,
      status: "estimate",
    });
    invalidateCatalog();
    expect((await pending).status).toBe(200);
    await settled();
    const [charge] = await chargesOf(userId);
    expect(charge!.priceId).toBe(before!.id);
  });

  it("answers GET /key and GET /credits", async () => {
    const { key } = await createTestKey({ creditRub: 5, limitMicro: 2_000_000, limitPeriod: "week" });
    await rawPost(key, { model: "yandex/yandexgpt-lite", max_tokens: 10, messages: [{ role: "user", content: "x" }] });
    await settled();
    const keyInfo = (await (await fetch(`${api.baseURL}/key`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      data: { limit_rub: number; limit_period: string; limit_remaining_rub: number; usage_rub: { today: number; week: number; month: number } };
    };
    expect(keyInfo.data).toMatchObject({ limit_rub: 2, limit_period: "week" });
    expect(keyInfo.data.usage_rub.today).toBeGreaterThan(0);
    expect(keyInfo.data.limit_remaining_rub).toBeCloseTo(2 - keyInfo.data.usage_rub.week, 6);
    const credits = (await (await fetch(`${api.baseURL}/credits`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      data: { balance_rub: number; total_credits_rub: number; total_usage_rub: number };
    };
    expect(credits.data.total_credits_rub).toBe(5);
    expect(credits.data.balance_rub).toBeCloseTo(5 - credits.data.total_usage_rub, 6);
  });
});

describe("two gateway instances sharing Postgres and Redis", () => {
  let child: ChildProcess;
  let secondURL: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ["--import", "tsx", "server/testing/instance-process.ts"], {
      env: {
        ...process.env,
        TEST_INSTANCE_DATABASE_URL: inject("testDatabaseUrl"),
        TEST_INSTANCE_REDIS_URL: inject("testRedisUrl"),
        TEST_INSTANCE_STORE_PREFIX: prefix,
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    secondURL = await new Promise<string>((resolve) => lines.once("line", resolve));
  }, 60_000);
  afterAll(() => {
    child.stdin!.end();
  });

  it("spends at most a key's 1 RUB limit across 100 parallel requests, and settles every admitted one", async () => {
    // yandexgpt: 1200 RUB per 1M tokens; max_tokens 80 makes each worst case just under 0.1 RUB.
    const { key, userId } = await createTestKey({ creditRub: 100, limitMicro: 1_000_000, limitPeriod: "total" });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${i % 2 ? secondURL : api.baseURL}/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "yandex/yandexgpt", max_tokens: 70, messages: [{ role: "user", content: `q${i}` }] }),
        }).then((r) => r.status),
      ),
    );
    const admitted = results.filter((s) => s === 200).length;
    expect(admitted).toBeGreaterThan(0);
    expect(results.filter((s) => s !== 200 && s !== 402)).toEqual([]);
    await settled();
    await expect
      .poll(async () => (await chargesOf(userId)).length, { timeout: 5000 })
      .toBe(admitted);
    const spent = -(await chargesOf(userId)).reduce((sum, c) => sum + c.amountMicro, 0);
    expect(spent).toBeLessThanOrEqual(1_000_000);
    expect(await getBilling().meter.expired(Date.now() + 3_600_000)).toEqual([]);
  });
});

describe("ledger", () => {
  it("stays consistent after a randomized run of a few thousand requests", async () => {
    const keys = await Promise.all([1, 2, 3].map(() => createTestKey({ creditRub: 1 })));
    const models = ["yandex/yandexgpt", "gigachat/GigaChat-2", "mts/qwen3-32b", "tbank/T-lite-it-1.0"];
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 40; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => {
          const k = keys[Math.floor(random() * keys.length)]!;
          const roll = random();
          const content = roll < 0.05 ? "x [[status:503]]" : roll < 0.1 ? "y z w [[cut:2]]" : `r${Math.floor(random() * 1e6)}`;
          return rawPost(k.key, {
            model: models[Math.floor(random() * models.length)],
            stream: random() < 0.5,
            max_tokens: 1 + Math.floor(random() * 200),
            messages: [{ role: "user", content }],
          }).then(async (r) => (await r.text(), r.status));
        }),
      );
      for (const s of results) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    await settled();
    expect([...statuses.keys()].every((s) => [200, 402, 502].includes(s))).toBe(true);
    expect(statuses.get(402) ?? 0).toBeGreaterThan(0);
    const report = await checkLedger(await getDb());
    expect(report.problems.slice(0, 3)).toEqual([]);
    for (const k of keys) expect(await balanceOf(k.userId)).toBeGreaterThanOrEqual(0);
    expect(await getBilling().meter.expired(Date.now() + 3_600_000)).toEqual([]);
  }, 120_000);
});
