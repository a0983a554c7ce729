import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db";
import { auditEvents } from "../../db/schema";
import { newId } from "../../ids";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { errorCode } from "../../testing/trpc";
import { createCaller } from "../root";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const MODEL = "gigachat/GigaChat-2";
/** A key's semantic cache settings by default. */
const SEMANTIC_OFF = { semantic: false, semanticThreshold: 0.9, semanticModel: null };

/** A new user with a key and 1000 RUB, and the portal's tRPC caller for that user. */
async function owner() {
  const made = await createTestKey();
  const caller = createCaller({ db: await getDb(), user: { id: made.userId, email: `${made.userId}@example.test`, role: "user" } });
  return { ...made, caller };
}

async function ask(key: string, content: string): Promise<string | null> {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, max_tokens: 20, messages: [{ role: "user", content }] }),
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return res.headers.get("x-xrouter-cache");
}

/** Asks until the gateway answers with `expected` (its key cache keeps settings for up to ~4 s). */
async function askUntil(key: string, content: () => string, expected: string | null): Promise<void> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    if ((await ask(key, content())) === expected) return;
    if (Date.now() > deadline) throw new Error(`the gateway never answered x-xrouter-cache: ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const unique = (text: string) => `${text} ${crypto.randomUUID().slice(0, 8)}`;

async function auditKinds(userId: string, subject: string): Promise<{ kind: string; data: unknown }[]> {
  const db = await getDb();
  return db
    .select({ kind: auditEvents.kind, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.userId, userId), eq(auditEvents.subject, subject)))
    .orderBy(auditEvents.id);
}

describe("keys.cacheSettings / setCache / purgeCache", () => {
  it("reads the defaults, changes any of the settings, and audits the change", async () => {
    const { caller, keyId, userId } = await owner();
    expect(await caller.keys.cacheSettings({ id: keyId })).toEqual({ mode: "off", ttlSeconds: 86_400, shared: true, ...SEMANTIC_OFF });
    expect(await caller.keys.setCache({ id: keyId, mode: "on", ttlSeconds: 300 })).toEqual({ mode: "on", ttlSeconds: 300, shared: true, ...SEMANTIC_OFF });
    expect(await caller.keys.setCache({ id: keyId, shared: false })).toEqual({ mode: "on", ttlSeconds: 300, shared: false, ...SEMANTIC_OFF });
    expect(await caller.keys.cacheSettings({ id: keyId })).toEqual({ mode: "on", ttlSeconds: 300, shared: false, ...SEMANTIC_OFF });
    expect(await auditKinds(userId, keyId)).toEqual(
      expect.arrayContaining([
        { kind: "key.cache_changed", data: { mode: "on", ttlSeconds: 300, shared: true, ...SEMANTIC_OFF } },
        { kind: "key.cache_changed", data: { mode: "on", ttlSeconds: 300, shared: false, ...SEMANTIC_OFF } },
      ]),
    );
  });

  it("refuses a TTL outside 1 s … 7 days, a fractional TTL, an unknown mode and an unknown field", async () => {
    const { caller, keyId } = await owner();
    for (const bad of [{ ttlSeconds: 0 }, { ttlSeconds: 604_801 }, { ttlSeconds: 1.5 }, { mode: "maybe" }, { shared: "yes" }, { colour: "red" }]) {
      expect(await errorCode(caller.keys.setCache({ id: keyId, ...(bad as object) }))).toBe("BAD_REQUEST");
    }
    expect(await caller.keys.setCache({ id: keyId, ttlSeconds: 1 })).toMatchObject({ ttlSeconds: 1 });
    expect(await caller.keys.setCache({ id: keyId, ttlSeconds: 604_800 })).toMatchObject({ ttlSeconds: 604_800 });
    expect(await caller.keys.cacheSettings({ id: keyId })).toEqual({ mode: "off", ttlSeconds: 604_800, shared: true, ...SEMANTIC_OFF });
  });

  it("sets the semantic cache: on/off, a threshold of 0.5 … 0.99, an embedding model of the catalog or the default", async () => {
    const { caller, keyId } = await owner();
    expect(await caller.keys.setCache({ id: keyId, semantic: true, semanticThreshold: 0.85 })).toMatchObject({ semantic: true, semanticThreshold: 0.85, semanticModel: null });
    expect(await caller.keys.setCache({ id: keyId, semanticModel: "yandex/text-search-query" })).toMatchObject({ semantic: true, semanticModel: "yandex/text-search-query" });
    for (const bad of [{ semanticThreshold: 0.49 }, { semanticThreshold: 0.995 }, { semantic: "on" }, { semanticModel: "" }, { semanticModel: MODEL }, { semanticModel: "nobody/embeddings" }]) {
      expect(await errorCode(caller.keys.setCache({ id: keyId, ...(bad as object) }))).toBe("BAD_REQUEST");
    }
    expect(await caller.keys.setCache({ id: keyId, semanticThreshold: 0.5 })).toMatchObject({ semanticThreshold: 0.5 });
    expect(await caller.keys.setCache({ id: keyId, semanticThreshold: 0.99, semanticModel: null })).toMatchObject({ semanticThreshold: 0.99, semanticModel: null });
    expect(await caller.keys.setCache({ id: keyId, semantic: false })).toMatchObject({ semantic: false });
    expect(await caller.keys.cacheSettings({ id: keyId })).toEqual({ mode: "off", ttlSeconds: 86_400, shared: true, semantic: false, semanticThreshold: 0.99, semanticModel: null });
  });

  it("the setting reaches the key: after turning it on a repeat is a hit; a purge forgets it (user scope, then key scope)", async () => {
    const { caller, key, keyId, userId } = await owner();
    expect(await ask(key, unique("not cached"))).toBeNull();

    await caller.keys.setCache({ id: keyId, mode: "on" });
    await askUntil(key, () => unique("turning on"), "miss");
    const question = unique("cache me");
    expect(await ask(key, question)).toBe("miss");
    expect(await ask(key, question)).toBe("hit");

    expect(await caller.keys.purgeCache({ id: keyId })).toEqual({ purged: true, scope: "user" });
    expect(await ask(key, question)).toBe("miss");
    expect(await ask(key, question)).toBe("hit");

    // A key of its own: once the gateway knows, the question is asked anew in the key's namespace.
    await caller.keys.setCache({ id: keyId, shared: false });
    await askUntil(key, () => question, "miss");
    expect(await ask(key, question)).toBe("hit");
    expect(await caller.keys.purgeCache({ id: keyId })).toEqual({ purged: true, scope: "key" });
    expect(await ask(key, question)).toBe("miss");

    const kinds = await auditKinds(userId, keyId);
    expect(kinds.filter((e) => e.kind === "key.cache_purged").map((e) => e.data)).toEqual([{ scope: "user" }, { scope: "key" }]);
  }, 30_000);

  it("answers NOT_FOUND for a key that does not exist", async () => {
    const { caller } = await owner();
    const id = newId("key");
    expect(await errorCode(caller.keys.cacheSettings({ id }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.keys.setCache({ id, mode: "on" }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.keys.purgeCache({ id }))).toBe("NOT_FOUND");
  });
});

describe("key cache procedures: user B never reads, changes or purges user A's key", () => {
  let a: Awaited<ReturnType<typeof owner>>;
  let b: Awaited<ReturnType<typeof owner>>;
  const question = unique("a's question");

  beforeAll(async () => {
    a = await owner();
    b = await owner();
    await a.caller.keys.setCache({ id: a.keyId, mode: "on", ttlSeconds: 600, semantic: true, semanticThreshold: 0.95 });
    expect(await ask(a.key, question)).toBe("miss");
  });

  it("cacheSettings: NOT_FOUND", async () => {
    expect(await errorCode(b.caller.keys.cacheSettings({ id: a.keyId }))).toBe("NOT_FOUND");
  });

  it("setCache: NOT_FOUND, and A's settings are unchanged", async () => {
    expect(await errorCode(b.caller.keys.setCache({ id: a.keyId, mode: "off", shared: false }))).toBe("NOT_FOUND");
    expect(await errorCode(b.caller.keys.setCache({ id: a.keyId, semantic: false, semanticThreshold: 0.5, semanticModel: "gigachat/Embeddings" }))).toBe("NOT_FOUND");
    expect(await a.caller.keys.cacheSettings({ id: a.keyId })).toEqual({ mode: "on", ttlSeconds: 600, shared: true, semantic: true, semanticThreshold: 0.95, semanticModel: null });
  });

  it("purgeCache: NOT_FOUND, and A's answer is still cached", async () => {
    expect(await errorCode(b.caller.keys.purgeCache({ id: a.keyId }))).toBe("NOT_FOUND");
    expect(await ask(a.key, question)).toBe("hit");
  });

  it("B's attempts leave nothing in A's audit trail", async () => {
    expect((await auditKinds(a.userId, a.keyId)).map((e) => e.kind)).toEqual(["key.created", "key.cache_changed"]);
  });
});
