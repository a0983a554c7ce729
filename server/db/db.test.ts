import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "./migrate";
import { apiKeys, ledger, modelPrices, models, requests, users } from "./schema";
import { databaseKinds, uniqueEmail } from "../testing/databases";
import { addCredits } from "../services/credits/add-credits";
import { createKey } from "../services/keys/create-key";
import { createUser } from "../services/users/create-user";
import { syncCatalog } from "../services/catalog/sync-catalog";
import { hashApiKey } from "../core/api-key";
import type { ModelInfo } from "../providers/types";

const model: ModelInfo = {
  id: "mts/db-round-trip",
  provider: "mts",
  upstreamModel: "model",
  name: "Test model",
  kind: "chat",
  contextLength: 4096,
  pricing: { inputRubPer1M: 100, outputRubPer1M: 300, cachedInputRubPer1M: 0, status: "estimate" },
  features: { tools: true, json: true, streaming: true, embeddings: false },
};

describe.each(databaseKinds)("database on %s", (_kind, open) => {
  let handle: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(() => handle.cleanup());

  it("migrates idempotently", async () => {
    await migrate(handle);
    const result = await handle.db.execute(sql`select count(*)::int as n from users`);
    expect(result).toBeDefined();
  });

  it("round-trips a user, key, catalog price, request and ledger rows", async () => {
    const user = await createUser(handle.db, { email: uniqueEmail(), password: "correct horse" });
    expect(user.balanceMicro).toBe(0);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    const { key, record } = await createKey(handle.db, { userId: user.id, name: "ci", limitMicro: 5_000_000, rpm: 60 });
    expect(key).toMatch(/^xr-[0-9A-Za-z]{48}$/);
    expect(record.hash).toBe(hashApiKey(key));
    expect(record.hash).not.toContain(key.slice(3, 20));
    const [stored] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, record.id));
    expect(stored).toMatchObject({ limitMicro: 5_000_000, limitPeriod: "month", rpm: 60, prefix: key.slice(0, 7) + "…" });

    await syncCatalog(handle.db, [model]);
    await syncCatalog(handle.db, [{ ...model, name: "Renamed" }]);
    const [catalogRow] = await handle.db.select().from(models).where(eq(models.id, model.id));
    expect(catalogRow!.name).toBe("Renamed");
    const prices = await handle.db.select().from(modelPrices).where(eq(modelPrices.modelId, model.id));
    expect(prices).toHaveLength(1);
    expect(prices[0]!.outputMicroPer1M).toBe(300_000_000);

    await handle.db.insert(requests).values({
      id: `req_${crypto.randomUUID()}`,
      userId: user.id,
      keyId: record.id,
      endpoint: "chat.completions",
      model: model.id,
      status: 200,
      promptTokens: 10,
      completionTokens: 5,
      costMicro: 2_500,
      priceId: prices[0]!.id,
      latencyMs: 12,
    });
    const rows = await handle.db.select().from(requests).where(eq(requests.userId, user.id));
    expect(rows[0]).toMatchObject({ promptTokens: 10, costMicro: 2_500 });
  });

  it("books credits with their ledger row, once per reference", async () => {
    const user = await createUser(handle.db, { email: uniqueEmail() });
    await addCredits(handle.db, { userId: user.id, amountMicro: 1_500_000, kind: "adjustment" });
    const results = await Promise.all(
      [1, 2, 3].map(() => addCredits(handle.db, { userId: user.id, amountMicro: 1_000_000, kind: "topup", reference: "pay_1" })),
    );
    expect(results.filter((r) => r.booked)).toHaveLength(1);
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.balanceMicro).toBe(2_500_000);
    const entries = await handle.db.select().from(ledger).where(eq(ledger.userId, user.id));
    expect(entries.reduce((sum, e) => sum + e.amountMicro, 0)).toBe(row!.balanceMicro);
    expect(Math.max(...entries.map((e) => e.balanceAfterMicro))).toBe(2_500_000);
  });
});
