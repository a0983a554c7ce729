import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb, getDb, getDbHandle } from "../../db";
import { semanticCacheEntries } from "../../db/schema";
import { updateKeyCacheSettings } from "../../services/cache/key-cache-settings";
import { createTestKey, serveTestApi, type TestApi } from "../../testing/api-server";
import { semanticSearch } from "./semantic-search";

// The gateway on the embedded database, as `npm start` runs it without DATABASE_URL: PGlite in the data folder.
const dataDir = mkdtempSync(path.join(tmpdir(), "xrouter-semantic-embedded-"));
let api: TestApi;
beforeAll(async () => {
  api = await serveTestApi({ databaseUrl: "", redisUrl: inject("testRedisUrl"), env: { XROUTER_DATA_DIR: dataDir } });
});
afterAll(async () => {
  await api.close();
  await closeDb();
  rmSync(dataDir, { recursive: true, force: true });
});

async function ask(key: string, content: string): Promise<{ cache: string | null; text: string }> {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gigachat/GigaChat-2", max_tokens: 50, messages: [{ role: "user", content }] }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { choices: { message: { content: string } }[] };
  return { cache: res.headers.get("x-xrouter-cache"), text: body.choices[0]!.message.content };
}

describe("the semantic cache on the embedded database", () => {
  it("answers a paraphrase from the cache, searched with pgvector", async () => {
    expect((await getDbHandle()).driver).toBe("pglite");
    const made = await createTestKey();
    await updateKeyCacheSettings(await getDb(), made.userId, made.keyId, { mode: "on", semantic: true });
    const original = await ask(made.key, "Какая погода завтра в Казани?");
    expect(original.cache).toBe("miss");
    // The answer's embedding row is written after the answer.
    const rows = async () => (await (await getDb()).select({ n: count() }).from(semanticCacheEntries).where(eq(semanticCacheEntries.userId, made.userId)))[0]!.n;
    for (let i = 0; i < 100 && (await rows()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const hit = await ask(made.key, "какая ЗАВТРА погода в Казани");
    expect(hit).toEqual({ cache: "semantic-hit", text: original.text });
    expect((await semanticSearch()).kind).toBe("pgvector");
  });
});
