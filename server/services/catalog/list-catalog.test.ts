import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogModel } from "../../core/catalog";
import type { Account } from "../../routing/accounts";
import { startTestApi, type TestApi } from "../../testing/api-server";
import { routesFor } from "./list-catalog";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe("models.list (public catalog)", () => {
  it("lists the models of all four providers with RUB prices per 1M tokens, as GET /models does", async () => {
    const { createCaller } = await import("../../api/root");
    const { getDb } = await import("../../db");
    const caller = createCaller({ db: await getDb(), user: undefined });
    const models = await caller.models.list();

    expect([...new Set(models.map((m) => m.provider))]).toEqual(["gigachat", "yandex", "mts", "tbank"]);
    const max = models.find((m) => m.id === "gigachat/GigaChat-2-Max");
    expect(max).toMatchObject({
      providerName: "Sber GigaChat",
      kind: "chat",
      pricing: { input: 120, output: 360, vatIncluded: true, status: "estimate" },
      features: { tools: true, streaming: true },
    });
    expect(max!.contextLength).toBeGreaterThan(0);

    const listed = (await (await fetch(`${api.baseURL}/models`)).json()) as {
      data: { id: string; pricing: { input: number } }[];
    };
    expect(models.map((m) => m.id).sort()).toEqual(listed.data.map((m) => m.id).sort());
    for (const m of listed.data) expect(models.find((e) => e.id === m.id)!.pricing.input).toBe(m.pricing.input);
  });

  it("lists each model's routes: the demo account of its provider, by name, without secrets, with its thinking switch", async () => {
    const { createCaller } = await import("../../api/root");
    const { getDb } = await import("../../db");
    const models = await createCaller({ db: await getDb(), user: undefined }).models.list();
    for (const model of models) {
      // The demo T-Bank host is a vLLM: the model with the thinking switch says how it is switched there.
      const thinking = model.id === "tbank/T-pro-it-2.0" ? { thinking: "reasoning_effort → chat_template_kwargs.enable_thinking (vLLM)" } : {};
      expect(model.routes, model.id).toEqual([{ accountName: `${model.provider} (demo emulator)`, provider: model.provider, ...thinking }]);
      expect(model.markupPercent).toBe(0);
    }
    expect(JSON.stringify(models)).not.toMatch(/secret|adapter|"id":"demo:/);
  });

  it("routes include other providers' accounts serving a model under another name, and respect model lists", () => {
    const model = { id: "tbank/T-pro-it-2.0", provider: "tbank", upstreamModel: "t-pro-it-2.0" } as CatalogModel;
    const account = (name: string, provider: Account["provider"], extra: Partial<Account> = {}): Account => ({
      id: `acc_${name}`,
      provider,
      name,
      weight: 1,
      priority: 0,
      concurrency: 1,
      models: null,
      upstreamModels: {},
      costPercent: 100,
      source: "admin",
      adapter: {} as Account["adapter"],
      ...extra,
    });
    const routes = routesFor(model, [
      account("tbank-main", "tbank"),
      account("tbank-lite-only", "tbank", { models: ["tbank/T-lite-it-1.0"] }),
      account("mws", "mts", { upstreamModels: { "tbank/T-pro-it-2.0": "t-pro-it-2.0-mws" }, priority: 5 }),
      account("giga", "gigachat"),
    ]);
    expect(routes).toEqual([
      { accountName: "mws", provider: "mts" },
      { accountName: "tbank-main", provider: "tbank" },
    ]);
    // An account whose upstream no longer lists the model (the catalog sync's record) is no route for it.
    const lost = routesFor(model, [
      account("tbank-main", "tbank", { listed: new Set(["t-pro-it-2.0"]) }),
      account("tbank-lost", "tbank", { listed: new Set(["t-lite-it-1.0"]) }),
    ]);
    expect(lost).toEqual([{ accountName: "tbank-main", provider: "tbank" }]);
  });
});
