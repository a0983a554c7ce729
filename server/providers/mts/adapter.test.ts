import { describe, expect, it } from "vitest";
import { describeOpenAICompatibleConformance } from "../openai-compatible/conformance";
import { createMtsProvider } from "./adapter";
import { MTS_MODELS } from "./models";

// Model Hub style base URL, with the project path inside it (§3.1, §3.5).
describeOpenAICompatibleConformance("mts", {
  createProvider: (config) => createMtsProvider(config),
  chatModel: "qwen3-32b",
  embeddingModel: "bge-m3",
  basePath: "/projects/xrouter-test/openai/v1",
});

describe("mts models", () => {
  it("are public `mts/<model>` ids over upstream names, priced as estimates", () => {
    expect(MTS_MODELS.map((m) => m.id)).toEqual(
      expect.arrayContaining(["mts/mws-gpt-alpha", "mts/qwen3-32b", "mts/T-pro-it-1.0"]),
    );
    for (const model of MTS_MODELS) {
      expect(model.id).toBe(`mts/${model.upstreamModel}`);
      expect(model.provider).toBe("mts");
      expect(model.pricing.status).toBe("estimate");
    }
    expect(createMtsProvider({ baseUrl: "http://127.0.0.1:1/v1" }).models()).toBe(MTS_MODELS);
  });
});
