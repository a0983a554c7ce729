import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { apiKeys, modelRouting, providerAccounts, requests, routingRules } from "../../db/schema";
import { getAccounts } from "../../routing/accounts";
import { open } from "../../routing/secret-box";
import { setTimeZone } from "../../services/accounts/time-zone";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";

let api: TestApi;
let handle: DbHandle;

beforeAll(async () => {
  api = await startTestApi();
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await api?.close();
});

const range = { from: "2001-01-01", to: "2001-01-07" };

describe("routing procedures are for admins only", () => {
  it("gives a regular user FORBIDDEN on every admin procedure, and changes nothing", async () => {
    const { caller } = await createTestUser(handle);
    const calls: [string, () => Promise<unknown>][] = [
      ["accounts", () => caller.routing.accounts()],
      ["createAccount", () => caller.routing.createAccount({ provider: "mts", name: "x", weight: 1, priority: 0, concurrency: 1, models: null, upstreamModels: {}, credentials: { apiKey: "k" } })],
      ["updateAccount", () => caller.routing.updateAccount({ id: "acc_x", name: "y" })],
      ["replaceCredentials", () => caller.routing.replaceCredentials({ id: "acc_x", credentials: { apiKey: "k" } })],
      ["deleteAccount", () => caller.routing.deleteAccount({ id: "acc_x" })],
      ["checkHealth", () => caller.routing.checkHealth()],
      ["strategies", () => caller.routing.strategies()],
      ["setStrategy", () => caller.routing.setStrategy({ modelId: "gigachat/GigaChat-2", strategy: "price" })],
      ["rules", () => caller.routing.rules()],
      ["createRule", () => caller.routing.createRule({ name: "x", match: {}, action: { type: "providers", only: ["mts"] } })],
      ["updateRule", () => caller.routing.updateRule({ id: "rule_x", enabled: false })],
      ["deleteRule", () => caller.routing.deleteRule({ id: "rule_x" })],
      ["moveRule", () => caller.routing.moveRule({ id: "rule_x", direction: "up" })],
      ["preview", () => caller.routing.preview({ request: '{"model":"auto","messages":[]}' })],
      ["analytics", () => caller.routing.analytics(range)],
      ["abResults", () => caller.routing.abResults(range)],
    ];
    for (const [name, call] of calls) expect([name, (await errorOf(call())).code]).toEqual([name, "FORBIDDEN"]);
    expect(await handle.db.select().from(providerAccounts).where(eq(providerAccounts.name, "x"))).toHaveLength(0);
  });

  it("serves the public status to anyone", async () => {
    const { caller } = await createTestUser(handle);
    const status = await caller.routing.status();
    expect(status.providers.map((p) => p.provider)).toEqual(["gigachat", "yandex", "mts", "tbank"]);
    // Every emulator passes its health check; the state may also count other test files' failed requests.
    for (const p of status.providers) {
      expect(p.checked).toBeGreaterThan(0);
      expect(p.healthy).toBe(p.checked);
      expect(["up", "degraded"]).toContain(p.state);
    }
  });
});

describe("provider accounts", () => {
  it("adds, lists, edits, re-keys, disables and deletes an account without ever returning its secret", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const secret = `sk-very-secret-${crypto.randomUUID()}`;
    const newSecret = `sk-rotated-${crypto.randomUUID()}`;
    const responses: unknown[] = [];
    const keep = <T>(value: T) => (responses.push(value), value);

    const created = keep(
      await caller.routing.createAccount({
        provider: "mts",
        name: "MWS backup",
        weight: 2,
        priority: -5,
        concurrency: 4,
        models: ["mts/qwen3-32b"],
        upstreamModels: { "tbank/T-pro-it-1.0": "t-pro-it-1.0" },
        credentials: { apiKey: secret, baseUrl: "http://127.0.0.1:9/v1/" },
      }),
    );
    expect(created).toMatchObject({ provider: "mts", name: "MWS backup", weight: 2, priority: -5, concurrency: 4, source: "admin", settings: { baseUrl: "http://127.0.0.1:9/v1" } });
    const [row] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, created.id));
    expect(row!.secretEncrypted).not.toContain(secret);
    expect(JSON.parse(open(row!.secretEncrypted))).toEqual({ apiKey: secret, baseUrl: "http://127.0.0.1:9/v1" });
    expect((await getAccounts()).find((a) => a.id === created.id)).toMatchObject({ provider: "mts", priority: -5, models: ["mts/qwen3-32b"] });

    const listed = keep(await caller.routing.accounts());
    const mine = listed.find((a) => a.id === created.id)!;
    expect(mine).toMatchObject({ readOnly: false, enabled: true, live: { inFlight: 0, coolingDown: false, openBreakers: [] } });
    const demo = listed.filter((a) => a.source === "demo");
    expect(demo.map((a) => a.provider).sort()).toEqual(["gigachat", "mts", "tbank", "yandex"]);
    expect(demo.every((a) => a.readOnly)).toBe(true);

    keep(await caller.routing.updateAccount({ id: created.id, name: "MWS backup 2", weight: 3, models: null }));
    expect((await getAccounts()).find((a) => a.id === created.id)).toMatchObject({ name: "MWS backup 2", weight: 3, models: null });

    keep(await caller.routing.replaceCredentials({ id: created.id, credentials: { apiKey: newSecret } }));
    const [rekeyed] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, created.id));
    expect(JSON.parse(open(rekeyed!.secretEncrypted))).toEqual({ apiKey: newSecret, baseUrl: "https://api.gpt.mws.ru/v1" });

    keep(await caller.routing.updateAccount({ id: created.id, enabled: false }));
    expect((await getAccounts()).some((a) => a.id === created.id)).toBe(false);
    keep(await caller.routing.accounts());
    keep(await caller.routing.deleteAccount({ id: created.id }));
    expect((await errorOf(caller.routing.deleteAccount({ id: created.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.routing.updateAccount({ id: created.id, name: "gone" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.routing.replaceCredentials({ id: created.id, credentials: { apiKey: "x" } }))).code).toBe("NOT_FOUND");

    const json = JSON.stringify(responses);
    expect(json).not.toContain(secret);
    expect(json).not.toContain(newSecret);
    expect(json).not.toContain('"apiKey"');
  });

  it("validates credentials per provider and served models, echoing no secret", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const base = { name: "bad", weight: 1, priority: 0, concurrency: 1, models: null, upstreamModels: {} };
    const cases = [
      caller.routing.createAccount({ ...base, provider: "mts", credentials: { baseUrl: "https://x.example/v1" } }),
      caller.routing.createAccount({ ...base, provider: "mts", credentials: { apiKey: "sk-leak-me", baseUrl: "not a url" } }),
      caller.routing.createAccount({ ...base, provider: "yandex", credentials: { folderId: "b1g" } }),
      caller.routing.createAccount({ ...base, provider: "gigachat", credentials: { credentials: "c2VjcmV0", scope: "NOPE" } }),
      caller.routing.createAccount({ ...base, provider: "tbank", credentials: { apiKey: "k" } }),
      caller.routing.createAccount({ ...base, provider: "mts", models: ["mts/no-such-model"], credentials: { apiKey: "k" } }),
    ];
    for (const call of cases) {
      const err = await errorOf(call);
      expect(err.code).toBe("BAD_REQUEST");
      expect(err.message).not.toContain("sk-leak-me");
    }
    const ok = await caller.routing.createAccount({ ...base, name: "giga corp", provider: "gigachat", concurrency: 10, enabled: false, credentials: { credentials: "c2VjcmV0", scope: "GIGACHAT_API_CORP" } });
    expect(ok.settings).toEqual({ scope: "GIGACHAT_API_CORP", authUrl: "https://ngw.devices.sberbank.ru:9443/api/v2/oauth", baseUrl: "https://gigachat.devices.sberbank.ru/api/v1" });
    expect(JSON.stringify(ok)).not.toContain("c2VjcmV0");
    await caller.routing.deleteAccount({ id: ok.id });
    expect(await handle.db.select().from(providerAccounts).where(eq(providerAccounts.name, "bad"))).toHaveLength(0);
  });
});

describe("an account's cost basis", () => {
  const base = { provider: "mts" as const, weight: 1, priority: -900, concurrency: 1, models: ["mts/bge-m3"], credentials: { apiKey: "k", baseUrl: "http://127.0.0.1:9/v1" }, enabled: false };

  it("is the catalog price unless set, and the admin sets it on create and edit; other edits leave it and the name mapping alone", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const plain = await caller.routing.createAccount({ ...base, name: "cost default" });
    expect(plain.costPercent).toBe(100);
    expect((await caller.routing.accounts()).filter((a) => a.source === "demo").every((a) => a.costPercent === 100)).toBe(true);

    const priced = await caller.routing.createAccount({ ...base, name: "cost 55", costPercent: 55, upstreamModels: { "tbank/T-pro-it-1.0": "t-pro" } });
    expect(priced.costPercent).toBe(55);
    expect((await caller.routing.accounts()).find((a) => a.id === priced.id)?.costPercent).toBe(55);

    expect(await caller.routing.updateAccount({ id: priced.id, costPercent: 0 })).toMatchObject({ costPercent: 0, name: "cost 55" });
    expect((await caller.routing.accounts()).find((a) => a.id === priced.id)?.costPercent).toBe(0);
    await caller.routing.updateAccount({ id: priced.id, costPercent: 1000 });
    await caller.routing.updateAccount({ id: priced.id, enabled: true });
    await caller.routing.updateAccount({ id: priced.id, enabled: false });
    await caller.routing.updateAccount({ id: priced.id, name: "cost renamed" });
    const [row] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, priced.id));
    expect(row).toMatchObject({ costPercent: 1000, name: "cost renamed", enabled: false, upstreamModels: { "tbank/T-pro-it-1.0": "t-pro" } });
    expect((await caller.routing.accounts()).find((a) => a.id === priced.id)!.costPercent).toBe(1000);

    for (const id of [plain.id, priced.id]) await caller.routing.deleteAccount({ id });
  });

  it("refuses a cost that is not a whole percent from 0 to 1000, naming the field, and changes nothing", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const account = await caller.routing.createAccount({ ...base, name: "cost guarded", costPercent: 80 });
    for (const costPercent of [-1, 1001, 12.5, Number.NaN, "50" as unknown as number, null as unknown as number]) {
      const edit = await errorOf(caller.routing.updateAccount({ id: account.id, costPercent }));
      expect([costPercent, edit.code]).toEqual([costPercent, "BAD_REQUEST"]);
      expect(edit.message).toContain("costPercent is what the account costs in whole percent of the catalog price, 0 to 1000");
      const made = await errorOf(caller.routing.createAccount({ ...base, name: "cost refused", costPercent }));
      expect([costPercent, made.code]).toEqual([costPercent, "BAD_REQUEST"]);
    }
    expect((await errorOf(caller.routing.updateAccount({ id: account.id }))).code).toBe("BAD_REQUEST");
    const [row] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, account.id));
    expect(row!.costPercent).toBe(80);
    expect((await caller.routing.accounts()).find((a) => a.id === account.id)?.costPercent).toBe(80);
    expect(await handle.db.select().from(providerAccounts).where(eq(providerAccounts.name, "cost refused"))).toHaveLength(0);
    await caller.routing.deleteAccount({ id: account.id });
  });

  it("is the admin's alone: a regular user cannot set it", async () => {
    const { caller: admin } = await createTestUser(handle, "admin");
    const { caller: member } = await createTestUser(handle);
    const account = await admin.routing.createAccount({ ...base, name: "cost admin only", costPercent: 90 });
    expect((await errorOf(member.routing.updateAccount({ id: account.id, costPercent: 1 }))).code).toBe("FORBIDDEN");
    expect((await errorOf(member.routing.createAccount({ ...base, name: "cost by member", costPercent: 1 }))).code).toBe("FORBIDDEN");
    const [row] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, account.id));
    expect(row!.costPercent).toBe(90);
    expect(await handle.db.select().from(providerAccounts).where(eq(providerAccounts.name, "cost by member"))).toHaveLength(0);
    await admin.routing.deleteAccount({ id: account.id });
  });
});

describe("routing rules", () => {
  it("validates match and action, keeps the order, moves, edits and deletes", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const bad = [
      caller.routing.createRule({ name: "p", match: {}, action: { type: "split", to: "yandex/yandexgpt", percent: 150 } }),
      caller.routing.createRule({ name: "p", match: {}, action: { type: "providers", only: [] } }),
      caller.routing.createRule({ name: "p", match: {}, action: { type: "providers", only: ["openai"] } }),
      caller.routing.createRule({ name: "p", match: {}, action: { type: "split", to: "no/such-model", percent: 10 } }),
      caller.routing.createRule({ name: "", match: {}, action: { type: "providers", only: ["mts"] } }),
    ];
    for (const call of bad) expect((await errorOf(call)).code).toBe("BAD_REQUEST");

    const nobody = [`usr_nobody_${crypto.randomUUID()}`];
    const a = await caller.routing.createRule({ name: "order-a", match: { userIds: nobody }, action: { type: "providers", only: ["gigachat"] } });
    const b = await caller.routing.createRule({ name: "order-b", match: { userIds: nobody, models: ["gigachat/GigaChat-2-Max"] }, action: { type: "split", to: "yandex/yandexgpt", percent: 10 } });
    const c = await caller.routing.createRule({ name: "order-c", match: { userIds: nobody, keyTags: [" x "] }, action: { type: "providers", only: ["mts", "tbank"] }, enabled: false });
    expect(c.match.keyTags).toEqual(["x"]);
    const order = async () => (await caller.routing.rules()).filter((r) => [a.id, b.id, c.id].includes(r.id)).map((r) => r.name);
    expect(await order()).toEqual(["order-a", "order-b", "order-c"]);
    await caller.routing.moveRule({ id: c.id, direction: "up" });
    expect(await order()).toEqual(["order-a", "order-c", "order-b"]);
    await caller.routing.moveRule({ id: a.id, direction: "down" });
    expect(await order()).toEqual(["order-c", "order-a", "order-b"]);
    const positions = (await caller.routing.rules()).map((r) => r.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(positions.length);

    const edited = await caller.routing.updateRule({ id: b.id, name: "order-b2", enabled: false, action: { type: "split", to: "yandex/yandexgpt", percent: 25 } });
    expect(edited).toMatchObject({ name: "order-b2", enabled: false, valid: true, action: { type: "split", percent: 25 } });
    expect((await errorOf(caller.routing.updateRule({ id: b.id, action: { type: "split", to: "no/such", percent: 5 } }))).code).toBe("BAD_REQUEST");
    for (const id of [a.id, b.id, c.id]) await caller.routing.deleteRule({ id });
    expect((await errorOf(caller.routing.deleteRule({ id: a.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.routing.moveRule({ id: a.id, direction: "up" }))).code).toBe("NOT_FOUND");
  });

  it("previews the route of a ru-only tagged key restricted to GigaChat by a providers rule, calling no provider", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const { userId, keyId } = await createTestKey();
    await handle.db.update(apiKeys).set({ tags: ["ru-only"] }).where(eq(apiKeys.id, keyId));
    const member = (await handle.db.query.users.findFirst({ where: (u, { eq: is }) => is(u.id, userId) }))!;
    const rule = await caller.routing.createRule({ name: "ru-only preview", match: { keyTags: ["ru-only"], userIds: [userId] }, action: { type: "providers", only: ["gigachat"] } });
    const request = (model: string) => JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] });

    const free = await caller.routing.preview({ request: request("mts/qwen3-32b"), user: member.email, keyTags: [] });
    expect(free).toMatchObject({ ok: true, userId });
    if (!free.ok) throw new Error("expected a plan");
    expect(free.routes[0]).toMatchObject({ model: "mts/qwen3-32b", provider: "mts", accountId: "demo:mts" });

    const refused = await caller.routing.preview({ request: request("mts/qwen3-32b"), user: member.email, keyTags: ["ru-only"] });
    expect(refused).toMatchObject({ ok: false, status: 503 });

    const viaKey = await caller.routing.preview({ request: request("gigachat/GigaChat-2"), keyId, keyTags: [] });
    expect(viaKey).toMatchObject({ ok: true, keyTags: ["ru-only"] });
    if (!viaKey.ok) throw new Error("expected a plan");
    expect(viaKey.reason).toContain("rule 'ru-only preview'");
    expect(viaKey.routes.length).toBeGreaterThan(0);
    expect(viaKey.routes.every((r) => r.provider === "gigachat")).toBe(true);

    expect(await caller.routing.preview({ request: "{not json", keyTags: [] })).toMatchObject({ ok: false, status: 400 });
    expect(await caller.routing.preview({ request: request("no/such"), keyTags: [] })).toMatchObject({ ok: false, status: 404 });
    expect(await caller.routing.preview({ request: request("auto"), user: "nobody@example.test", keyTags: [] })).toMatchObject({ ok: false, status: 404 });
    await caller.routing.deleteRule({ id: rule.id });
    await handle.db.delete(routingRules).where(eq(routingRules.id, rule.id));
  });
});

describe("routing analytics", () => {
  it("counts the admin's own days, in the zone of their settings", async () => {
    const { user, caller } = await createTestUser(handle, "admin");
    await setTimeZone(handle.db, user.id, "Asia/Vladivostok");
    // 23:30 Moscow time on 10 May, already 11 May in Vladivostok.
    await handle.db.insert(requests).values({ id: `req_zone_${crypto.randomUUID()}`, userId: user.id, endpoint: "chat.completions", model: "gigachat/GigaChat-2", provider: "gigachat", status: 200, latencyMs: 100, createdAt: new Date("2004-05-10T20:30:00Z") });
    const analytics = await caller.routing.analytics({ from: "2004-05-11", to: "2004-05-11" });
    expect(analytics.range).toEqual({ from: "2004-05-11", to: "2004-05-11", zone: "Asia/Vladivostok" });
    expect(analytics.days).toEqual([expect.objectContaining({ day: "2004-05-11", requests: 1 })]);
    expect((await caller.routing.analytics({ from: "2004-05-10", to: "2004-05-10" })).totals.requests).toBe(0);
  });

  it("refuses a day that does not exist as BAD_REQUEST", async () => {
    const { caller } = await createTestUser(handle, "admin");
    expect((await errorOf(caller.routing.analytics({ from: "2004-02-30", to: "2004-03-01" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(caller.routing.abResults({ from: "2004-01-01", to: "2004-13-01" }))).code).toBe("BAD_REQUEST");
  });
});

describe("per-model strategy", () => {
  it("lists weighted by default, sets another strategy and refuses unknown models", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const model = "tbank/T-lite-it-1.0";
    const before = (await caller.routing.strategies()).find((s) => s.modelId === model);
    expect(before).toMatchObject({ strategy: "weighted", provider: "tbank" });
    expect(before!.routes).toBeGreaterThanOrEqual(1);
    await caller.routing.setStrategy({ modelId: model, strategy: "least_busy" });
    expect((await caller.routing.strategies()).find((s) => s.modelId === model)!.strategy).toBe("least_busy");
    await caller.routing.setStrategy({ modelId: model, strategy: "latency" });
    const [row] = await handle.db.select().from(modelRouting).where(eq(modelRouting.modelId, model));
    expect(row!.strategy).toBe("latency");
    expect((await errorOf(caller.routing.setStrategy({ modelId: "no/such", strategy: "price" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.routing.setStrategy({ modelId: model, strategy: "fastest" as "price" }))).code).toBe("BAD_REQUEST");
    await caller.routing.setStrategy({ modelId: model, strategy: "weighted" });
  });
});
