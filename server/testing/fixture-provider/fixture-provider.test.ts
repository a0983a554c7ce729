import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { ConfigError } from "../../config";
import { createTestKey, serveTestApi, type TestApi } from "../api-server";
import { createFaultDatabase, type FaultDatabase } from "../faults/database";
import { createTestUser, errorOf } from "../trpc";

// The one line a new provider adds: its descriptor in the registry's list. Nothing else names it.
vi.mock("../../providers/registry", async (importOriginal) => {
  const { PROVIDERS } = await importOriginal<typeof import("../../providers/registry")>();
  const { fixtureProvider } = await import("./index");
  return { PROVIDERS: [...PROVIDERS, fixtureProvider] };
});

let api: TestApi;
// A database of its own: the fixture's models never reach the catalog other test files read.
let database: FaultDatabase;

beforeAll(async () => {
  database = await createFaultDatabase("fixture_provider");
  api = await serveTestApi({ databaseUrl: database.url, redisUrl: inject("testRedisUrl") });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

async function chat(body: object) {
  const { key } = await createTestKey();
  return fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "fixture/echo-1", max_tokens: 20, messages: [{ role: "user", content: "hello fixture" }], ...body }),
  });
}

async function adminCaller() {
  const { getDbHandle } = await import("../../db");
  return (await createTestUser(await getDbHandle(), "admin")).caller;
}

describe("a fifth provider added by one line in the registry", () => {
  it("reads its environment variables with the others, defaults and checks included", async () => {
    const { settingsFromEnvironment } = await import("../../providers/env-settings");
    expect(settingsFromEnvironment({ FIXTURE_API_KEY: "k" }).fixture).toEqual({ apiKey: "k", baseUrl: "https://fixture.example/v1" });
    expect(settingsFromEnvironment({}).fixture).toBeUndefined();
    expect(() => settingsFromEnvironment({ FIXTURE_BASE_URL: "nope" })).toThrow(ConfigError);
    expect(() => settingsFromEnvironment({ FIXTURE_BASE_URL: "nope" })).toThrow(/^FIXTURE_BASE_URL: /);
  });

  it("demo mode starts its emulator and the gateway serves its model from it", async () => {
    const { getEnvironmentProviders } = await import("../../providers/environment");
    const environment = await getEnvironmentProviders();
    expect(environment.demo).toBe(true);
    expect([...environment.providers.keys()]).toEqual(["gigachat", "yandex", "mts", "tbank", "fixture"]);
    expect(environment.emulators).toHaveLength(5);

    const res = await chat({});
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-provider")).toBe("fixture");
    const body = (await res.json()) as { model: string; choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
    expect(body.model).toBe("fixture/echo-1");
    expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);

    // What its adapter drops, its descriptor declares: the header lists it.
    const seeded = await chat({ seed: 7 });
    expect(seeded.status).toBe(200);
    expect(seeded.headers.get("x-xrouter-dropped-params")).toContain("seed");

    // `xrouter emulators` prints the same variables demo mode reads.
    const { startDemoProviders } = await import("../../providers/demo");
    const demo = await startDemoProviders();
    await Promise.all(demo.emulators.map((e) => e.close()));
    expect(demo.env).toMatchObject({ FIXTURE_API_KEY: "fixture-key", FIXTURE_BASE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/) });
  });

  it("appears in the catalog, named and priced, after the four", async () => {
    const { createCaller } = await import("../../api/root");
    const { getDb } = await import("../../db");
    const models = await createCaller({ db: await getDb(), user: undefined }).models.list();
    expect([...new Set(models.map((m) => m.provider))]).toEqual(["gigachat", "yandex", "mts", "tbank", "fixture"]);
    expect(models.find((m) => m.id === "fixture/echo-1")).toMatchObject({
      providerName: "Фикстура",
      kind: "chat",
      pricing: { input: 7, output: 9, status: "estimate" },
      routes: [{ accountName: "fixture (demo emulator)", provider: "fixture" }],
    });
    const { catalogProviders } = await import("../../services/catalog/list-catalog");
    expect(catalogProviders("en").at(-1)).toEqual({ id: "fixture", name: "Fixture" });

    const listed = (await (await fetch(`${api.baseURL}/models`)).json()) as { data: { id: string; supported_parameters: string[] }[] };
    const echo = listed.data.find((m) => m.id === "fixture/echo-1");
    expect(echo?.supported_parameters).toContain("temperature");
    expect(echo?.supported_parameters).not.toContain("seed");
  });

  it("gets an admin form from its credential fields, and admins' accounts are checked by its schema", async () => {
    const { providerForms } = await import("../../services/routing/provider-forms");
    expect(providerForms().find((p) => p.id === "fixture")).toEqual({
      id: "fixture",
      name: { ru: "Фикстура", en: "Fixture" },
      concurrency: 3,
      fields: [
        { name: "apiKey", label: { ru: "Ключ фикстуры", en: "Fixture key" }, secret: true, required: true },
        { name: "baseUrl", label: { ru: "Адрес фикстуры", en: "Fixture URL" }, required: true, placeholder: "https://fixture.example/v1" },
      ],
    });

    const caller = await adminCaller();
    const base = { provider: "fixture", name: "fixture backup", weight: 1, priority: -900, concurrency: 3, models: null, upstreamModels: {}, enabled: false };
    expect((await errorOf(caller.routing.createAccount({ ...base, credentials: { baseUrl: "https://fixture.example/v1" } }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(caller.routing.createAccount({ ...base, provider: "nope", credentials: { apiKey: "k" } }))).code).toBe("BAD_REQUEST");
    const created = await caller.routing.createAccount({ ...base, credentials: { apiKey: "fixture-secret", baseUrl: "https://fixture.example/v1/" } });
    expect(created).toMatchObject({ provider: "fixture", settings: { baseUrl: "https://fixture.example/v1" } });
    expect(JSON.stringify(created)).not.toContain("fixture-secret");
    await caller.routing.deleteAccount({ id: created.id });
  });

  it("is a routing target: rules name it, require_parameters reads its dropped parameters, the status page lists it", async () => {
    const caller = await adminCaller();
    const preview = await caller.routing.preview({ request: JSON.stringify({ model: "fixture/echo-1", messages: [{ role: "user", content: "hi" }] }) });
    expect(preview.ok && preview.routes.map((r) => [r.provider, r.accountId])).toEqual([["fixture", "demo:fixture"]]);

    const rule = await caller.routing.createRule({ name: "fixture only", match: { keyTags: ["fixture-only"] }, action: { type: "providers", only: ["fixture"] } });
    await caller.routing.deleteRule({ id: rule.id });

    expect((await chat({ provider: { require_parameters: true } })).status).toBe(200);
    expect((await chat({ seed: 7, provider: { require_parameters: true } })).status).not.toBe(200);

    const status = await caller.routing.status();
    expect(status.providers.at(-1)).toMatchObject({ provider: "fixture", name: { en: "Fixture" }, accounts: 1 });
  });
});
