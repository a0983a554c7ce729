import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { modelPrices, models } from "../../db/schema";
import { getCatalog } from "../../core/catalog";
import { setMarkupPercent } from "../../core/markup";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";

const MODEL = "pricingtest/model-a";
let handle: DbHandle;
let firstPriceId: number;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  await handle.db
    .insert(models)
    .values({
      id: MODEL,
      provider: "pricingtest",
      upstreamModel: "model-a",
      name: "Pricing test A",
      kind: "chat",
      contextLength: 8192,
      features: { tools: false, json: false, streaming: true, embeddings: false },
    })
    .onConflictDoNothing();
  const [row] = await handle.db
    .insert(modelPrices)
    .values({
      modelId: MODEL,
      inputMicroPer1M: 100_000_000,
      outputMicroPer1M: 200_000_000,
      cachedInputMicroPer1M: 50_000_000,
      status: "estimate",
    })
    .returning();
  firstPriceId = row!.id;
});

afterAll(async () => {
  await setMarkupPercent(handle.db, 0);
  await handle?.close();
});

describe("pricing procedures are for admins only", () => {
  it("gives a regular user FORBIDDEN on every procedure and changes nothing", async () => {
    const { caller } = await createTestUser(handle);
    const calls: [string, () => Promise<unknown>][] = [
      ["list", () => caller.pricing.list()],
      ["history", () => caller.pricing.history({ modelId: MODEL })],
      [
        "setPrice",
        () =>
          caller.pricing.setPrice({ modelId: MODEL, input: "1", output: "1", cachedInput: "1", status: "confirmed" }),
      ],
      ["markup", () => caller.pricing.markup()],
      ["setMarkup", () => caller.pricing.setMarkup({ percent: 50 })],
      ["promos", () => caller.pricing.promos()],
      ["createPromo", () => caller.pricing.createPromo({ code: "HACKER", amount: "1000" })],
    ];
    for (const [name, call] of calls) expect([name, (await errorOf(call())).code]).toEqual([name, "FORBIDDEN"]);
    const rows = await handle.db.select().from(modelPrices).where(eq(modelPrices.modelId, MODEL));
    expect(rows).toHaveLength(1);
  });
});

describe("pricing.list / setPrice / history", () => {
  it("adds a new price row (the old one untouched), which the catalog serves at once", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const before = (await caller.pricing.list()).models.find((m) => m.id === MODEL)!;
    expect(before.price).toMatchObject({
      id: firstPriceId,
      inputMicroPer1M: 100_000_000,
      status: "estimate",
      vatIncluded: true,
    });
    await getCatalog(); // warm the cache: setPrice must invalidate it

    const { id } = await caller.pricing.setPrice({
      modelId: MODEL,
      input: "123.45",
      output: "246,9",
      cachedInput: "0",
      status: "confirmed",
    });
    expect(id).toBeGreaterThan(firstPriceId);
    const after = (await caller.pricing.list()).models.find((m) => m.id === MODEL)!;
    expect(after.price).toMatchObject({
      id,
      inputMicroPer1M: 123_450_000,
      outputMicroPer1M: 246_900_000,
      cachedInputMicroPer1M: 0,
      status: "confirmed",
    });
    expect(after.versions).toBe(2);
    const [old] = await handle.db.select().from(modelPrices).where(eq(modelPrices.id, firstPriceId));
    expect(old).toMatchObject({ inputMicroPer1M: 100_000_000, outputMicroPer1M: 200_000_000, status: "estimate" });
    expect((await getCatalog()).get(MODEL)!.price).toMatchObject({ id, inputMicroPer1M: 123_450_000 });
    expect((await caller.pricing.history({ modelId: MODEL })).map((p) => p.id)).toEqual([id, firstPriceId]);

    expect(
      (
        await errorOf(
          caller.pricing.setPrice({
            modelId: "no/such",
            input: "1",
            output: "1",
            cachedInput: "1",
            status: "confirmed",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          caller.pricing.setPrice({ modelId: MODEL, input: "-1", output: "1", cachedInput: "1", status: "confirmed" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });
});

describe("pricing.markup / setMarkup", () => {
  it("reads and sets the global markup within 0–1000 %, applied by the catalog", async () => {
    const { caller } = await createTestUser(handle, "admin");
    expect(await caller.pricing.markup()).toEqual({ percent: 0 });
    await getCatalog();
    expect(await caller.pricing.setMarkup({ percent: 10 })).toEqual({ percent: 10 });
    expect(await caller.pricing.markup()).toEqual({ percent: 10 });
    const price = (await caller.pricing.list()).models.find((m) => m.id === MODEL)!.price!;
    expect((await getCatalog()).get(MODEL)!.price.inputMicroPer1M).toBe(Math.ceil(price.inputMicroPer1M * 1.1));
    expect((await errorOf(caller.pricing.setMarkup({ percent: 1001 }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(caller.pricing.setMarkup({ percent: -1 }))).code).toBe("BAD_REQUEST");
    await caller.pricing.setMarkup({ percent: 0 });
  });
});

describe("pricing.promos / createPromo", () => {
  it("creates codes (normalized, unique) and lists them with their uses", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const user = await createTestUser(handle);
    const code = `PT${crypto.randomUUID().slice(0, 6)}`;
    const created = await caller.pricing.createPromo({ code: code.toLowerCase(), amount: "250.50", maxUses: 2 });
    expect(created).toMatchObject({
      code: code.toUpperCase(),
      amountMicro: 250_500_000,
      maxUses: 2,
      uses: 0,
      expiresAt: null,
    });
    const duplicate = await errorOf(caller.pricing.createPromo({ code, amount: "1" }));
    expect([duplicate.code, duplicate.message]).toEqual(["CONFLICT", "promo_exists"]);
    expect((await errorOf(caller.pricing.createPromo({ code: "BAD CODE", amount: "1" }))).message).toBe(
      "promo_invalid",
    );
    for (const amount of ["0", "0,001", "1000000,01"]) {
      const refused = await errorOf(caller.pricing.createPromo({ code: "ZERO1", amount }));
      expect([refused.code, refused.message]).toEqual(["BAD_REQUEST", expect.stringContaining("invalid_amount")]);
    }

    await user.caller.billing.redeemPromo({ code });
    const listed = (await caller.pricing.promos()).find((p) => p.code === code.toUpperCase());
    expect(listed).toMatchObject({ uses: 1, maxUses: 2, state: "active" });

    const past = `PAST${crypto.randomUUID().slice(0, 6)}`;
    await caller.pricing.createPromo({ code: past, amount: "1", expiresAt: new Date(Date.now() - 1000) });
    expect((await caller.pricing.promos()).find((p) => p.code === past.toUpperCase())?.state).toBe("expired");
  });
});
