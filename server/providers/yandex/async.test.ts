import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createYandexProvider } from "./adapter";
import { startYandexEmulator, YANDEX_EMULATOR_DEFAULTS, type YandexEmulator } from "./emulator";

let emulator: YandexEmulator;
const apiKey = { authorization: `Api-Key ${YANDEX_EMULATOR_DEFAULTS.apiKey}` };
const ctx = () => ({ requestId: "req_async", signal: AbortSignal.timeout(5_000) });

beforeAll(async () => {
  emulator = await startYandexEmulator({ asyncDelayMs: 150 });
  // A wrong body and an unknown operation are refused on purpose here; they are not the adapter's violations.
  emulator.violations.length = 0;
});
afterAll(() => emulator.close());

const provider = () =>
  createYandexProvider({
    apiKey: YANDEX_EMULATOR_DEFAULTS.apiKey,
    folderId: YANDEX_EMULATOR_DEFAULTS.folderId,
    baseUrl: emulator.baseUrl,
  });

describe("yandex completionAsync", () => {
  it("submits, answers not done until the delay, then the completion with its usage", async () => {
    const async = provider().chatAsync!;
    expect(async.supports("yandexgpt")).toBe(true);
    expect(async.supports("qwen3-235b-a22b-fp8")).toBe(false);
    const id = await async.submit(
      { model: "yandexgpt", max_tokens: 20, messages: [{ role: "user", content: "later please" }] },
      ctx(),
    );
    expect(await async.poll(id, "yandexgpt", ctx())).toEqual({ done: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const outcome = await async.poll(id, "yandexgpt", ctx());
    expect(outcome).toMatchObject({
      done: true,
      completion: { choices: [{ message: { content: "Echo: later please" } }], usage: { completion_tokens: 3 } },
    });
    expect(emulator.requestCounts()).toMatchObject({
      "/foundationModels/v1/completionAsync": 1,
      [`/operations/${id}`]: 2,
    });
  });

  it("checks an async body as strictly as a sync one, and knows no operation it did not create", async () => {
    const bad = {
      modelUri: "gpt://other-folder/yandexgpt/latest",
      completionOptions: { stream: false },
      messages: [{ role: "user", text: "hi" }],
    };
    const sync = await request(`${emulator.baseUrl}/foundationModels/v1/completion`, {
      method: "POST",
      headers: apiKey,
      body: JSON.stringify(bad),
    });
    const asyncRes = await request(`${emulator.baseUrl}/foundationModels/v1/completionAsync`, {
      method: "POST",
      headers: apiKey,
      body: JSON.stringify(bad),
    });
    expect(asyncRes.statusCode).toBe(sync.statusCode);
    expect(asyncRes.statusCode).toBeGreaterThanOrEqual(400);
    await Promise.all([sync.body.dump(), asyncRes.body.dump()]);
    await expect(provider().chatAsync!.poll("d7qnosuchoperation", "yandexgpt", ctx())).rejects.toMatchObject({
      status: 404,
    });
    emulator.violations.length = 0;
  });
});
