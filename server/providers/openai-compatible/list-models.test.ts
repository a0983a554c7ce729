import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from "./emulator";
import { listOpenAICompatibleModels } from "./list-models";

let emulator: OpenAICompatibleEmulator;
beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ apiKey: "k", models: ["qwen3-32b", "bge-m3"], basePath: "/projects/p/openai/v1" });
});
afterAll(() => emulator.close());

const signal = () => AbortSignal.timeout(5_000);

describe("listOpenAICompatibleModels (GET /models)", () => {
  it("lists the served names under the whole base URL, with vLLM's max_model_len as the context", async () => {
    expect(await listOpenAICompatibleModels({ baseUrl: emulator.baseUrl, apiKey: "k" }, signal())).toEqual([
      { id: "qwen3-32b", contextLength: 32768 },
      { id: "bge-m3", contextLength: 32768 },
    ]);
    expect(emulator.lastRequest()).toMatchObject({ method: "GET", path: "/projects/p/openai/v1/models" });
  });

  it("maps listed ids to the catalog's names, and fails with the upstream's status on a refused key", async () => {
    const listed = await listOpenAICompatibleModels({ baseUrl: `${emulator.baseUrl}/`, apiKey: "k" }, signal(), (id) => `x/${id}`);
    expect(listed.map((m) => m.id)).toEqual(["x/qwen3-32b", "x/bge-m3"]);
    const refused = await listOpenAICompatibleModels({ baseUrl: emulator.baseUrl, apiKey: "wrong" }, signal()).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect((refused as UpstreamError).status).toBe(401);
  });
});
