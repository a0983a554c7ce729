import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db";
import { auditEvents, semanticCacheEntries } from "../../db/schema";
import { getHitSharePercent } from "../../services/cache/hit-share";
import { updateKeyCacheSettings } from "../../services/cache/key-cache-settings";
import { createUser } from "../../services/users/create-user";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { errorCode } from "../../testing/trpc";
import { createCaller } from "../root";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function portalUser(role: "user" | "admin") {
  const db = await getDb();
  const user = await createUser(db, { email: `cache-${role}-${crypto.randomUUID().slice(0, 8)}@example.test`, role, emailVerified: new Date() });
  return { user, caller: createCaller({ db, user: { id: user.id, email: user.email, role } }) };
}

async function adminEvents(actorId: string) {
  return (await getDb())
    .select({ kind: auditEvents.kind, data: auditEvents.data, userId: auditEvents.userId })
    .from(auditEvents)
    .where(eq(auditEvents.actorId, actorId))
    .orderBy(auditEvents.id);
}

async function ask(key: string, content: string): Promise<string | null> {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gigachat/GigaChat-2", max_tokens: 20, messages: [{ role: "user", content }] }),
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return res.headers.get("x-xrouter-cache");
}

describe("admin cache procedures", () => {
  it("refuses every one of them to a user who is not an admin, and changes nothing", async () => {
    const { caller, user } = await portalUser("user");
    const before = await getHitSharePercent(await getDb());
    expect(await errorCode(caller.admin.cacheSettings())).toBe("FORBIDDEN");
    expect(await errorCode(caller.admin.setCacheHitShare({ percent: 50 }))).toBe("FORBIDDEN");
    expect(await errorCode(caller.admin.purgeCache())).toBe("FORBIDDEN");
    expect(await getHitSharePercent(await getDb())).toBe(before);
    expect(await adminEvents(user.id)).toEqual([]);
  });

  it("reads and sets the hit share (0 … 100 %), refuses anything else, and audits the change", async () => {
    const { caller, user } = await portalUser("admin");
    expect(await caller.admin.cacheSettings()).toEqual({ hitSharePercent: 0 });
    for (const percent of [-1, 100.5, Number.NaN]) expect(await errorCode(caller.admin.setCacheHitShare({ percent }))).toBe("BAD_REQUEST");
    try {
      expect(await caller.admin.setCacheHitShare({ percent: 12.5 })).toEqual({ hitSharePercent: 12.5 });
      expect(await caller.admin.cacheSettings()).toEqual({ hitSharePercent: 12.5 });
      expect(await getHitSharePercent(await getDb())).toBe(12.5);
    } finally {
      await caller.admin.setCacheHitShare({ percent: 0 });
    }
    expect(await adminEvents(user.id)).toEqual([
      { kind: "admin.cache_hit_share_set", data: { hitSharePercent: 12.5 }, userId: null },
      { kind: "admin.cache_hit_share_set", data: { hitSharePercent: 0 }, userId: null },
    ]);
  });

  it("purges every user's cached answers at once, semantic ones included, audited", async () => {
    const first = await createTestKey();
    const second = await createTestKey();
    for (const made of [first, second]) await updateKeyCacheSettings(await getDb(), made.userId, made.keyId, { mode: "on", semantic: true });
    const question = `purge all ${crypto.randomUUID()}`;
    for (const made of [first, second]) {
      expect(await ask(made.key, question)).toBe("miss");
      expect(await ask(made.key, question)).toBe("hit");
    }
    const semanticRows = async () =>
      (await getDb()).select({ id: semanticCacheEntries.id }).from(semanticCacheEntries).where(inArray(semanticCacheEntries.userId, [first.userId, second.userId]));
    for (let i = 0; i < 100 && (await semanticRows()).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await semanticRows()).toHaveLength(2);

    const { caller, user } = await portalUser("admin");
    expect(await caller.admin.purgeCache()).toEqual({ purged: true });
    expect(await semanticRows()).toHaveLength(0);
    for (const made of [first, second]) expect(await ask(made.key, question)).toBe("miss");
    expect(await adminEvents(user.id)).toEqual([{ kind: "admin.cache_purged", data: null, userId: null }]);
  });
});
