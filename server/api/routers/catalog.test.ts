import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { modelPrices, models } from "../../db/schema";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";

const SUFFIX = crypto.randomUUID().slice(0, 6);
const MODEL = `mts/catalogtest-${SUFFIX}`;
let handle: DbHandle;

beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle.db.delete(models).where(like(models.id, `%catalogtest-${SUFFIX}%`));
  await handle?.close();
});

const newModel = (extra: object = {}) => ({
  id: MODEL,
  provider: "mts",
  upstreamModel: `catalogtest-${SUFFIX}`,
  name: "Catalog test",
  kind: "embedding" as const,
  contextLength: 8192,
  input: "1.5",
  output: "0",
  cachedInput: "1.5",
  ...extra,
});

describe("catalog procedures are for admins only", () => {
  it("gives a regular user FORBIDDEN on every procedure and adds nothing", async () => {
    const { caller } = await createTestUser(handle);
    const calls: [string, () => Promise<unknown>][] = [
      ["upstream", () => caller.catalog.upstream()],
      ["sync", () => caller.catalog.sync()],
      ["addModel", () => caller.catalog.addModel(newModel())],
      ["setPublished", () => caller.catalog.setPublished({ modelId: "gigachat/GigaChat-2", published: false })],
    ];
    for (const [name, call] of calls) expect([name, (await errorOf(call())).code]).toEqual([name, "FORBIDDEN"]);
    expect(await handle.db.select().from(models).where(eq(models.id, MODEL))).toEqual([]);
  });
});

describe("catalog.addModel", () => {
  it("adds a model unpublished with its first price, once", async () => {
    const { caller } = await createTestUser(handle, "admin");
    expect(await caller.catalog.addModel(newModel())).toEqual({ id: MODEL });
    const [row] = await handle.db.select().from(models).where(eq(models.id, MODEL));
    expect(row).toMatchObject({ enabled: false, kind: "embedding", features: { tools: false, json: false, streaming: false, embeddings: true } });
    expect(await handle.db.select().from(modelPrices).where(eq(modelPrices.modelId, MODEL))).toMatchObject([
      { inputMicroPer1M: 1_500_000, outputMicroPer1M: 0, cachedInputMicroPer1M: 1_500_000, status: "estimate" },
    ]);
    expect((await errorOf(caller.catalog.addModel(newModel()))).code).toBe("CONFLICT");

    // Publishing is shown end to end on a database of its own (services/catalog/sync-upstream.test.ts): here the
    // model would join the catalog other test files route by.
    expect((await errorOf(caller.catalog.setPublished({ modelId: `mts/none-${SUFFIX}`, published: true }))).code).toBe("NOT_FOUND");
  });

  it("refuses an id outside its provider, an unknown provider and a negative price", async () => {
    const { caller } = await createTestUser(handle, "admin");
    for (const bad of [
      newModel({ id: `gigachat/catalogtest-${SUFFIX}-x` }),
      newModel({ id: `mts/catalogtest-${SUFFIX}/nested` }),
      newModel({ id: `nope/catalogtest-${SUFFIX}`, provider: "nope" }),
      newModel({ id: `mts/catalogtest-${SUFFIX}-neg`, input: "-1" }),
    ])
      expect((await errorOf(caller.catalog.addModel(bad))).code).toBe("BAD_REQUEST");
  });
});
