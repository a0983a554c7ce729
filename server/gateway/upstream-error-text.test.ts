import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCaller } from "../api/root";
import { closeDb, getDb } from "../db";
import { providerAccounts, requests, users } from "../db/schema";
import { invalidateAccounts } from "../routing/accounts";
import { routingSettings } from "../routing/settings";
import { createTestKey, serveTestApi, type TestApi } from "../testing/api-server";
import { createFaultDatabase, type FaultDatabase } from "../testing/faults/database";
import { scriptedAccount, type ScriptedUpstream } from "../testing/scripted-upstream";
import type { Generation } from "./recorder";

let api: TestApi;
let database: FaultDatabase;
const upstreams: ScriptedUpstream[] = [];
const saved = { ...routingSettings };
const MODEL = "mts/qwen2.5-72b-instruct";

beforeAll(async () => {
  // A database of its own: the failing accounts here must not reach other files' routes and status checks.
  database = await createFaultDatabase("upstream_error_text");
  api = await serveTestApi({ databaseUrl: database.url, redisUrl: inject("testRedisUrl") });
  Object.assign(routingSettings, { backoffBaseMs: 1, backoffMaxMs: 2, retriesPerRoute: 0 });
});
afterAll(async () => {
  Object.assign(routingSettings, saved);
  await Promise.all(upstreams.map((u) => u.close()));
  await api?.close();
  await closeDb();
  await database?.drop();
});

async function onlyAccount(name: string) {
  const made = await scriptedAccount(`${name}-${crypto.randomUUID().slice(0, 4)}`, MODEL, { priority: 1_000 });
  upstreams.push(made.upstream);
  return {
    ...made,
    remove: async () => {
      await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, made.id));
      invalidateAccounts();
    },
  };
}

const chat = (key: string) =>
  fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "hello" }] }),
  });

async function generation(key: string, id: string): Promise<Generation> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id} was not recorded`);
}

async function storedAttempts(id: string) {
  for (let i = 0; i < 100; i++) {
    const [row] = await (await getDb()).select({ attempts: requests.attempts }).from(requests).where(eq(requests.id, id));
    if (row) return row.attempts ?? [];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id} was not written`);
}

const LEAKY =
  "This model's maximum context length is 8192 tokens. Docs: https://wiki.corp.example.ru/llm?token=s3cr3t; " +
  "served by vllm-01.gpu.internal:8000 from /srv/models/qwen with key sk-live-abcdefghijklmnopqrstu";

describe("upstream error text", () => {
  it("reaches the caller sanitised; the full text stays in the recorded attempt, shown to admins only", async () => {
    const { key, userId } = await createTestKey();
    const account = await onlyAccount("leaky");
    account.upstream.mode = { kind: "status", status: 400, message: LEAKY };
    try {
      const res = await chat(key);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string; code: string } };
      expect(body.error.message).toContain("upstream provider 'mts' error (4xx)");
      expect(body.error.message).toContain("maximum context length is 8192 tokens");
      for (const leak of ["wiki.corp", "s3cr3t", "vllm-01", "8000", "/srv/models", "sk-live"]) expect(body.error.message).not.toContain(leak);

      const id = res.headers.get("x-request-id")!;
      const shown = await generation(key, id);
      expect(shown.attempts[0]!.error).toBe(body.error.message);
      expect(JSON.stringify(shown)).not.toContain("sk-live");

      const stored = await storedAttempts(id);
      expect(stored[0]!.detail).toContain("vllm-01.gpu.internal:8000");

      const [user] = await (await getDb()).select().from(users).where(eq(users.id, userId));
      const asUser = createCaller({ db: await getDb(), user: { id: userId, email: user!.email, role: "user" } });
      const userView = await asUser.usage.recent({});
      expect(userView.items[0]!.attempts[0]).not.toHaveProperty("detail");
      expect(JSON.stringify(userView)).not.toContain("vllm-01");
      const asAdmin = createCaller({ db: await getDb(), user: { id: userId, email: user!.email, role: "admin" } });
      expect((await asAdmin.usage.recent({})).items[0]!.attempts[0]!.detail).toContain("vllm-01.gpu.internal:8000");
    } finally {
      await account.remove();
    }
  });

  it("never tells the caller which host and port could not be reached", async () => {
    const { key } = await createTestKey();
    const account = await onlyAccount("gone");
    const port = new URL(account.upstream.baseUrl).port;
    await account.upstream.close();
    try {
      const res = await chat(key);
      // The demo account answers after the unreachable one failed.
      expect(res.status).toBe(200);
      const id = res.headers.get("x-request-id")!;
      const shown = await generation(key, id);
      const failed = shown.attempts.find((a) => a.account === account.id)!;
      expect(failed.error).toMatch(/^upstream provider 'mts' error \(5xx\): upstream unreachable/);
      expect(failed.error).not.toContain("127.0.0.1");
      expect(failed.error).not.toContain(port);
      const stored = await storedAttempts(id);
      expect(stored.find((a) => a.account === account.id)!.detail).toContain(`127.0.0.1:${port}`);
    } finally {
      await account.remove();
    }
  });
});
