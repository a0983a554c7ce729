import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../../testing/api-server";

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
});
