import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../core/catalog";
import { getDb } from "../db";
import { providerAccounts } from "../db/schema";
import { flushRequests } from "../gateway/recorder";
import { startGigaChatEmulator, type GigaChatEmulator } from "../providers/gigachat/emulator";
import { TEST_CREDENTIALS, TEST_SCOPE } from "../providers/gigachat/testkit";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { invalidateAccounts } from "./accounts";
import { breakerFor } from "./breakers";
import { planRoutes } from "./plan";
import { seal } from "./secret-box";
import { affinityKey } from "./session-affinity";

/** Only this file routes this model through admin accounts: three GigaChat accounts, each on its own emulator. */
const MODEL = "gigachat/GigaChat-2-Pro";
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let api: TestApi;
const emulators: GigaChatEmulator[] = [];
const ids: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  for (let i = 0; i < 3; i++) {
    const emulator = await startGigaChatEmulator();
    const id = `acc_affinity${i}_${crypto.randomUUID().slice(0, 6)}`;
    await (await getDb()).insert(providerAccounts).values({
      id,
      provider: "gigachat",
      name: `affinity ${i}`,
      secretEncrypted: seal(JSON.stringify({ credentials: TEST_CREDENTIALS, scope: TEST_SCOPE, authUrl: emulator.authUrl, baseUrl: emulator.baseUrl })),
      priority: 900,
      concurrency: 50,
      models: [MODEL],
    });
    emulators.push(emulator);
    ids.push(id);
  }
  invalidateAccounts();
});

afterAll(async () => {
  await (await getDb()).delete(providerAccounts).where(inArray(providerAccounts.id, ids));
  invalidateAccounts();
  await Promise.all(emulators.map((e) => e.close()));
  await api.close();
});

let counter = 0;

/** A chat request with a unique last message, so the emulator that answered it can be told. */
async function chat(key: string, options: { session?: string; body?: object; model?: string } = {}) {
  const text = `turn ${++counter}`;
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(options.session ? { "x-session-id": options.session } : {}) },
    body: JSON.stringify({ model: options.model ?? MODEL, max_tokens: 10, messages: [{ role: "user", content: text }], ...options.body }),
  });
  const body = (await res.json()) as { error?: { param: string }; usage?: { prompt_tokens: number; completion_tokens: number; cost_rub: number } };
  const served = emulators.findIndex((e) => e.lastChat()?.messages?.at(-1)?.content === text);
  return { status: res.status, headers: res.headers, body, served };
}

const principal = (userId: string) => ({ userId, keyId: `key_${userId}`, rpm: null, allowedModels: null });

async function firstAccount(userId: string, session: string) {
  const plan = await planRoutes({
    model: MODEL,
    needs: { kind: "chat", tools: false, json: false, contextTokens: 100 },
    principal: principal(userId),
    catalog: await getCatalog(),
    session,
  });
  return { account: plan.routes[0]!.account.id, reason: plan.reason };
}

describe("prompt-cache affinity", () => {
  it("keeps a conversation on one account, by header or body field, and sends GigaChat a stable X-Session-ID", async () => {
    const { key } = await createTestKey();
    const first = await chat(key, { session: "conversation-1" });
    expect(first.status).toBe(200);
    expect(first.served).toBeGreaterThanOrEqual(0);
    expect(decodeURIComponent(first.headers.get("x-xrouter-route-reason")!)).toBe("session affinity");
    const sent = emulators[first.served]!.lastSessionId()!;
    expect(sent).toMatch(UUID4);
    expect(sent).not.toContain("conversation-1");
    for (let i = 0; i < 5; i++) {
      const next = await chat(key, { session: "conversation-1" });
      expect(next.served).toBe(first.served);
      expect(emulators[next.served]!.lastSessionId()).toBe(sent);
    }
    // OpenAI's and OpenRouter's body fields name the same conversation; GigaChat takes it, so nothing is dropped.
    for (const body of [{ prompt_cache_key: "conversation-1" }, { session_id: "conversation-1" }]) {
      const viaBody = await chat(key, { body });
      expect(viaBody.served).toBe(first.served);
      expect(emulators[viaBody.served]!.lastSessionId()).toBe(sent);
      expect(viaBody.headers.get("x-xrouter-dropped-params")).toBeNull();
    }
    // Without a session: no X-Session-ID, and the strategy's reason.
    const plain = await chat(key);
    expect(emulators[plain.served]!.lastSessionId()).toBeUndefined();
    expect(plain.headers.get("x-xrouter-route-reason")).toBe("weighted");
  });

  it("spreads conversations over the accounts, and one user's session id says nothing of another's routing", async () => {
    const sessions = Array.from({ length: 24 }, (_, i) => `chat-${i}`);
    const a = await Promise.all(sessions.map((s) => firstAccount("usr_affinity_a", s)));
    const b = await Promise.all(sessions.map((s) => firstAccount("usr_affinity_b", s)));
    expect(new Set(a.map((x) => x.account)).size).toBe(3);
    expect(a.map((x) => x.account)).not.toEqual(b.map((x) => x.account));
    expect(a[0]!.reason).toBe("session affinity");
    // The same user and session plan the same account every time (and on every instance: no shared state).
    expect((await firstAccount("usr_affinity_a", "chat-0")).account).toBe(a[0]!.account);
    expect(affinityKey("usr_a", "s")).not.toBe(affinityKey("usr_b", "s"));

    // Over HTTP: two users, one session id, two different X-Session-IDs.
    const one = await createTestKey();
    const two = await createTestKey();
    const r1 = await chat(one.key, { session: "shared-id" });
    const sent1 = emulators[r1.served]!.lastSessionId();
    const r2 = await chat(two.key, { session: "shared-id" });
    const sent2 = emulators[r2.served]!.lastSessionId();
    expect(sent1).toMatch(UUID4);
    expect(sent2).toMatch(UUID4);
    expect(sent1).not.toBe(sent2);
  });

  it("moves off an account whose breaker is open, then stays on the account that answered", async () => {
    const { key } = await createTestKey();
    const sticky = await chat(key, { session: "breaker-test" });
    const isolation = breakerFor(ids[sticky.served]!, MODEL).isolate();
    const moved = await chat(key, { session: "breaker-test" });
    expect(moved.status).toBe(200);
    expect(moved.served).not.toBe(sticky.served);
    expect(moved.headers.get("x-xrouter-attempts")).toBe("1");
    isolation.dispose();
    // Healthy again, but the conversation's cache is on the new account now.
    for (let i = 0; i < 3; i++) expect((await chat(key, { session: "breaker-test" })).served).toBe(moved.served);
  });

  it("never overrides the caller's preferences or the key's allowlist", async () => {
    const { key } = await createTestKey();
    const excluded = await chat(key, { session: "prefs", body: { provider: { ignore: ["gigachat"] } } });
    expect(excluded.status).toBe(503);
    const limited = await createTestKey({ allowedModels: ["gigachat/GigaChat-2-Max"] });
    expect((await chat(limited.key, { session: "prefs" })).status).toBe(403);
    // A fallback list keeps its order: the first model's accounts come first.
    const listed = await chat(key, { session: "prefs", model: "gigachat/GigaChat-2-Max", body: { models: [MODEL] } });
    expect(listed.status).toBe(200);
    expect(listed.served).toBe(-1);
  });

  it("refuses a session id that is too long or not printable, naming where it came from", async () => {
    const { key } = await createTestKey();
    const long = await chat(key, { session: "x".repeat(257) });
    expect(long.status).toBe(400);
    expect(long.body.error!.param).toBe("x-session-id");
    const control = await chat(key, { body: { prompt_cache_key: "a\u0001b" } });
    expect(control.status).toBe(400);
    expect(control.body.error!.param).toBe("prompt_cache_key");
    expect((await chat(key, { session: "x".repeat(256) })).status).toBe(200);
  });

  it("names prompt_cache_key and session_id as dropped for a provider that takes no session", async () => {
    const { key } = await createTestKey();
    const res = await chat(key, { model: "mts/qwen3-32b", body: { prompt_cache_key: "c", session_id: "c" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-dropped-params")?.split(",")).toEqual(expect.arrayContaining(["prompt_cache_key", "session_id"]));
    expect(decodeURIComponent(res.headers.get("x-xrouter-route-reason")!)).toContain("session affinity");
  });

  it("honours the Responses API's prompt_cache_key", async () => {
    const { key } = await createTestKey();
    const sticky = await chat(key, { session: "responses-conversation" });
    const sent = emulators[sticky.served]!.lastSessionId();
    const res = await fetch(`${api.baseURL}/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, input: "responses turn", max_output_tokens: 10, prompt_cache_key: "responses-conversation" }),
    });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get("x-xrouter-route-reason")!)).toBe("session affinity");
    expect(emulators[sticky.served]!.lastChat()?.messages?.at(-1)?.content).toBe("responses turn");
    expect(emulators[sticky.served]!.lastSessionId()).toBe(sent);
  });

  it("bills the cached prompt tokens GigaChat reports for a conversation's repeated prefix at the cached price", async () => {
    const { key } = await createTestKey();
    const system = { role: "system", content: "You are a careful assistant. ".repeat(40) };
    const turn1 = [system, { role: "user", content: "first question" }];
    const first = await chat(key, { session: "billing", body: { messages: turn1 } });
    const turn2 = [...turn1, { role: "assistant", content: "first answer" }, { role: "user", content: "second question" }];
    const second = await chat(key, { session: "billing", body: { messages: turn2 } });
    expect(second.status).toBe(200);
    const usage = second.body.usage as { prompt_tokens: number; completion_tokens: number; cost_rub: number; prompt_tokens_details: { cached_tokens: number } };
    const cached = usage.prompt_tokens_details.cached_tokens;
    // The shared prefix is the system message and the first question: a quarter of their characters.
    expect(cached).toBe(Math.floor(`${system.content}\nfirst question`.length / 4));
    expect((first.body.usage as typeof usage).prompt_tokens_details.cached_tokens).toBe(0);
    const { price } = (await getCatalog()).get(MODEL)!;
    const expected = Math.ceil(
      ((usage.prompt_tokens - cached) * price.inputMicroPer1M + cached * price.cachedInputMicroPer1M + usage.completion_tokens * price.outputMicroPer1M) / 1_000_000,
    );
    expect(usage.cost_rub).toBe(expected / 1_000_000);
    expect(price.cachedInputMicroPer1M).toBeLessThan(price.inputMicroPer1M);
    await flushRequests();
  });

  it("falls back from an account that stopped answering, and keeps the conversation where it landed", async () => {
    const { key } = await createTestKey();
    const sticky = await chat(key, { session: "outage" });
    await emulators[sticky.served]!.close();
    const moved = await chat(key, { session: "outage" });
    expect(moved.status).toBe(200);
    expect(moved.served).not.toBe(sticky.served);
    expect(Number(moved.headers.get("x-xrouter-attempts"))).toBeGreaterThanOrEqual(2);
    const again = await chat(key, { session: "outage" });
    expect(again.served).toBe(moved.served);
    expect(again.headers.get("x-xrouter-attempts")).toBe("1");
  });
});

describe("GigaChat emulator: X-Session-ID", () => {
  it("refuses a session id that is not a UUID, as the adapter never sends one", async () => {
    const emulator = await startGigaChatEmulator();
    const auth = await fetch(emulator.authUrl, {
      method: "POST",
      headers: { authorization: `Basic ${TEST_CREDENTIALS}`, rquid: crypto.randomUUID(), "content-type": "application/x-www-form-urlencoded" },
      body: `scope=${TEST_SCOPE}`,
    });
    const { access_token } = (await auth.json()) as { access_token: string };
    const post = (session: string) =>
      fetch(`${emulator.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json", "x-session-id": session },
        body: JSON.stringify({ model: "GigaChat-2-Pro", messages: [{ role: "user", content: "hi" }] }),
      });
    expect((await post("my-session")).status).toBe(400);
    const ok = crypto.randomUUID();
    expect((await post(ok)).status).toBe(200);
    expect(emulator.lastSessionId()).toBe(ok);
    await emulator.close();
  });
});
