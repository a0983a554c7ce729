import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

/** What GET /models adds to OpenAI's model object. */
interface XRouterModel extends OpenAI.Model {
  name: string;
  type: "chat" | "embedding";
  context_length: number;
  pricing: { currency: string; unit: string; input: number; output: number; cached_input: number };
  features: { tools: boolean; json: boolean; streaming: boolean; embeddings: boolean; vision: boolean };
  architecture: { modality: string; input_modalities: string[]; output_modalities: string[] };
}

describe("GET /models", () => {
  it("lists the models of all four providers with context length, RUB pricing and features", async () => {
    const models: XRouterModel[] = [];
    for await (const model of client.models.list()) models.push(model as XRouterModel);

    const ids = models.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      "gigachat/GigaChat-2-Max",
      "gigachat/Embeddings",
      "yandex/yandexgpt",
      "yandex/yandexgpt-lite",
      "yandex/text-search-doc",
      "mts/mws-gpt-alpha",
      "tbank/T-pro-it-2.0",
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(models.map((m) => m.owned_by))).toEqual(new Set(["gigachat", "yandex", "mts", "tbank"]));

    for (const model of models) {
      expect(model.id).toMatch(/^(gigachat|yandex|mts|tbank)\/[^/]+/);
      expect(model.id.startsWith(`${model.owned_by}/`)).toBe(true);
      expect(model.object).toBe("model");
      expect(Number.isInteger(model.context_length)).toBe(true);
      expect(model.context_length).toBeGreaterThan(0);
      expect(model.pricing.currency).toBe("RUB");
      expect(model.pricing.unit).toBe("1M tokens");
      expect(model.pricing.input).toBeGreaterThan(0);
      expect(model.pricing.output).toBeGreaterThanOrEqual(0);
      expect(Object.keys(model.features).sort()).toEqual(["embeddings", "json", "streaming", "tools", "vision"]);
      expect(model.architecture.input_modalities).toEqual(model.features.vision ? ["text", "image"] : ["text"]);
      if (model.type === "chat") {
        expect(model.features).toMatchObject({ streaming: true, embeddings: false });
        expect(model.pricing.output).toBeGreaterThan(0);
      } else {
        expect(model.type).toBe("embedding");
        expect(model.features).toMatchObject({ tools: false, streaming: false, embeddings: true });
      }
    }

    const byId = new Map(models.map((m) => [m.id, m]));
    expect(byId.get("gigachat/GigaChat-2-Max")!.features.tools).toBe(true);
    expect(byId.get("mts/mws-gpt-alpha")!.features.tools).toBe(false);
    expect(byId.get("gigachat/Embeddings")!.type).toBe("embedding");
  });

  it("answers with an x-request-id", async () => {
    const { response } = await client.models.list().withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });
});
