import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb, getDbHandle } from "../../db";
import { modelPrices, models, providerAccounts, upstreamModels } from "../../db/schema";
import { PROVIDERS } from "../../providers/registry";
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from "../../providers/openai-compatible/emulator";
import { getAccounts, invalidateAccounts } from "../../routing/accounts";
import { seal } from "../../routing/secret-box";
import { createTestKey, serveTestApi, type TestApi } from "../../testing/api-server";
import { createFaultDatabase, type FaultDatabase } from "../../testing/faults/database";
import { createTestUser } from "../../testing/trpc";
import { syncUpstreamModels } from "./sync-upstream";

// An MTS account in front of its own emulator, whose model list the test changes (the emulator reads the array it
// was given on every request), on a database of its own: the syncs change what the catalog serves, which other test
// files read.
const SUFFIX = crypto.randomUUID().slice(0, 6);
const A = `sync-a-${SUFFIX}`;
const FRESH = `sync-new-${SUFFIX}`;
const ACCOUNT = `acc_sync_${SUFFIX}`;
const served = [A];
let emulator: OpenAICompatibleEmulator;
let api: TestApi;
let database: FaultDatabase;
let key: string;

beforeAll(async () => {
  database = await createFaultDatabase("catalog_sync");
  api = await serveTestApi({ databaseUrl: database.url, redisUrl: inject("testRedisUrl") });
  emulator = await startOpenAICompatibleEmulator({ apiKey: "sync-key", models: served });
  const db = await getDb();
  await db.insert(models).values({
    id: `mts/${A}`,
    provider: "mts",
    upstreamModel: A,
    name: "Sync test A",
    kind: "chat",
    contextLength: 32768,
    features: { tools: false, json: true, streaming: true, embeddings: false },
  });
  await db.insert(modelPrices).values({ modelId: `mts/${A}`, inputMicroPer1M: 1_000_000, outputMicroPer1M: 1_000_000, cachedInputMicroPer1M: 1_000_000, status: "estimate" });
  await db.insert(providerAccounts).values({
    id: ACCOUNT,
    provider: "mts",
    name: `sync-${SUFFIX}`,
    secretEncrypted: seal(JSON.stringify({ apiKey: "sync-key", baseUrl: emulator.baseUrl })),
    priority: 1_000,
    concurrency: 10,
    models: [`mts/${A}`, `mts/${FRESH}`],
  });
  invalidateAccounts();
  ({ key } = await createTestKey());
});

afterAll(async () => {
  await emulator?.close();
  await api?.close();
  await database?.drop();
});

/** A sync over the test's account alone (the demo accounts have their own test below). */
const sync = async () => syncUpstreamModels(await getDb(), (await getAccounts()).filter((a) => a.id === ACCOUNT));

async function chat(model: string) {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code?: string } } };
}

const listedIds = async () => ((await (await fetch(`${api.baseURL}/models`)).json()) as { data: { id: string }[] }).data.map((m) => m.id);

async function admin() {
  return (await createTestUser(await getDbHandle(), "admin")).caller;
}

describe("catalog sync", () => {
  it("records what the account lists, and keeps routing to a model it lists", async () => {
    expect(await sync()).toMatchObject({ listed: [ACCOUNT], failed: [], unavailable: [], available: [] });
    const rows = await (await getDb()).select().from(upstreamModels).where(eq(upstreamModels.accountId, ACCOUNT));
    expect(rows).toMatchObject([{ provider: "mts", upstreamModel: A, contextLength: 32768, missingSince: null }]);
    expect((await chat(`mts/${A}`)).status).toBe(200);
  });

  it("shows a model that appears upstream to admins as new, to price and publish", async () => {
    served.push(FRESH);
    await sync();
    const caller = await admin();
    const view = await caller.catalog.upstream();
    expect(view.newModels.filter((m) => m.upstreamModel.endsWith(SUFFIX))).toEqual([
      expect.objectContaining({ provider: "mts", upstreamModel: FRESH, suggestedId: `mts/${FRESH}`, accounts: [`sync-${SUFFIX}`] }),
    ]);

    await caller.catalog.addModel({ id: `mts/${FRESH}`, provider: "mts", upstreamModel: FRESH, name: "Fresh", kind: "chat", contextLength: 8192, input: "2", output: "4", cachedInput: "1" });
    expect((await caller.catalog.upstream()).newModels.map((m) => m.upstreamModel)).not.toContain(FRESH);
    // Added unpublished: not listed, not routed.
    expect(await listedIds()).not.toContain(`mts/${FRESH}`);
    expect((await chat(`mts/${FRESH}`)).body.error?.code).toBe("model_not_found");

    await caller.catalog.setPublished({ modelId: `mts/${FRESH}`, published: true });
    expect(await listedIds()).toContain(`mts/${FRESH}`);
    expect((await chat(`mts/${FRESH}`)).status).toBe(200);
  });

  it("marks a model gone from every account serving it unavailable: hidden and never routed, admins still see it", async () => {
    served.splice(served.indexOf(A), 1);
    expect(await sync()).toMatchObject({ unavailable: [`mts/${A}`], available: [] });
    expect((await getAccounts()).find((a) => a.id === ACCOUNT)!.listed).toEqual(new Set([FRESH]));
    expect(await listedIds()).not.toContain(`mts/${A}`);
    const refused = await chat(`mts/${A}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error?.code).toBe("model_not_found");

    const status = (await (await admin()).catalog.upstream()).models.find((m) => m.id === `mts/${A}`);
    expect(status?.unavailableSince).toBeInstanceOf(Date);
    // A second sync that still misses it changes nothing.
    expect(await sync()).toMatchObject({ unavailable: [], available: [] });
  });

  it("makes a model that reappears available and routed again", async () => {
    served.push(A);
    expect(await sync()).toMatchObject({ unavailable: [], available: [`mts/${A}`] });
    expect(await listedIds()).toContain(`mts/${A}`);
    expect((await chat(`mts/${A}`)).status).toBe(200);
    const rows = await (await getDb()).select().from(upstreamModels).where(eq(upstreamModels.accountId, ACCOUNT));
    expect(rows.every((r) => r.missingSince === null)).toBe(true);
  });

  it("a full sync (the admin's button, what the job runs) finds every built-in model at the demo emulators", async () => {
    const result = await (await admin()).catalog.sync();
    // The four demo accounts and the test's own.
    expect(result).toEqual({ listed: 5, failed: 0, unavailable: [], available: [] });
    const accounts = await getAccounts();
    for (const provider of PROVIDERS) {
      const listed = accounts.find((a) => a.id === `demo:${provider.id}`)?.listed;
      expect([...(listed ?? [])], provider.id).toEqual(expect.arrayContaining(provider.models.map((m) => m.upstreamModel)));
    }
  });

  it("keeps the last list when the upstream cannot be listed", async () => {
    const db = await getDb();
    await db.update(providerAccounts).set({ secretEncrypted: seal(JSON.stringify({ apiKey: "wrong", baseUrl: emulator.baseUrl })) }).where(eq(providerAccounts.id, ACCOUNT));
    invalidateAccounts();
    expect(await sync()).toMatchObject({ listed: [], failed: [ACCOUNT], unavailable: [] });
    expect((await getAccounts()).find((a) => a.id === ACCOUNT)!.listed).toEqual(new Set([A, FRESH]));
    await db.update(providerAccounts).set({ secretEncrypted: seal(JSON.stringify({ apiKey: "sync-key", baseUrl: emulator.baseUrl })) }).where(eq(providerAccounts.id, ACCOUNT));
    invalidateAccounts();
  });
});
