import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { getDb } from "../../db";
import { updateKeyCacheSettings } from "../../services/cache/key-cache-settings";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { startInstance, type Instance } from "../../testing/faults/instance";

// Two gateways on one Redis (the same store prefix), the second in its own process.
const storePrefix = `xr-test:${crypto.randomUUID()}:`;
let api: TestApi;
let other: Instance;

beforeAll(async () => {
  api = await startTestApi({}, storePrefix);
  other = await startInstance({ databaseUrl: inject("testDatabaseUrl"), redisUrl: inject("testRedisUrl"), storePrefix, env: { LOG_LEVEL: "silent" } });
});
afterAll(async () => {
  await other?.close();
  await api?.close();
});

const send = (baseURL: string, key: string, content: string) =>
  fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "yandex/yandexgpt", max_tokens: 30, messages: [{ role: "user", content }] }),
  });

describe("the response cache on Redis", () => {
  it("serves on one instance what another kept, and a purge on either reaches both", async () => {
    const { key, userId, keyId } = await createTestKey();
    await updateKeyCacheSettings(await getDb(), userId, keyId, { mode: "on" });
    const content = `two instances ${crypto.randomUUID()}`;
    const miss = await send(api.baseURL, key, content);
    expect(miss.headers.get("x-xrouter-cache")).toBe("miss");
    const missBody = (await miss.json()) as { choices: { message: { content: string } }[] };

    const hit = await send(other.baseURL, key, content);
    expect(hit.headers.get("x-xrouter-cache")).toBe("hit");
    expect(((await hit.json()) as typeof missBody).choices[0]!.message.content).toBe(missBody.choices[0]!.message.content);

    const purged = await fetch(`${other.baseURL}/cache`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
    expect(purged.status).toBe(200);
    expect((await send(api.baseURL, key, content)).headers.get("x-xrouter-cache")).toBe("miss");
  });
});
