import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { eq } from "drizzle-orm";
import { apiKeys, models, requests } from "../../db/schema";
import { newId } from "../../ids";
import { addMember } from "../../services/organizations/add-member";
import { removeMember } from "../../services/organizations/remove-member";
import { callerFor, createOrgFixture } from "../../testing/organizations";
import { createTestUser, errorCode, errorOf, openTrpcTestDb } from "../../testing/trpc";

const MODEL_ID = "keystest/model-a";
const OTHER_MODEL_ID = "keystest/model-b";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  const base = { provider: "keystest", kind: "chat" as const, contextLength: 4096, features: { tools: false, json: false, streaming: true, embeddings: false } };
  await handle.db
    .insert(models)
    .values([
      { id: MODEL_ID, upstreamModel: "model-a", name: "Model A", ...base },
      { id: OTHER_MODEL_ID, upstreamModel: "model-b", name: "Model B", ...base },
    ])
    .onConflictDoNothing();
});

afterAll(async () => {
  await handle?.close();
});

async function errorMessage(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    return (err as TRPCError).message;
  }
  throw new Error("expected the call to fail");
}

async function insertRequest(userId: string, keyId: string, costMicro: number, createdAt: Date) {
  await handle.db.insert(requests).values({ id: newId("req"), userId, keyId, endpoint: "chat", model: MODEL_ID, status: 200, costMicro, latencyMs: 10, createdAt });
}

describe("keys router", () => {
  it("create returns the full key once with its record; list never returns it or the hash", async () => {
    const { caller } = await createTestUser(handle);
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    const created = await caller.keys.create({
      name: "  ci  ",
      limitRub: "150.50",
      limitPeriod: "week",
      rpm: 60,
      allowedModels: [MODEL_ID, MODEL_ID],
      expiresAt,
    });
    expect(created.key).toMatch(/^xr-[0-9A-Za-z]{40,}$/);
    expect(created.record).toMatchObject({
      name: "ci",
      prefix: created.key.slice(0, 7) + "…",
      status: "active",
      limitMicro: 150_500_000,
      limitPeriod: "week",
      rpm: 60,
      allowedModels: [MODEL_ID],
      spendMonthMicro: 0,
      spendPeriodMicro: 0,
    });
    expect(created.record.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(created.record).not.toHaveProperty("hash");

    const list = await caller.keys.list();
    expect(list).toHaveLength(1);
    const serialized = JSON.stringify(list);
    expect(serialized).not.toContain(created.key);
    expect(serialized).not.toContain(created.key.slice(3, 20));
    expect(list[0]).not.toHaveProperty("hash");
    expect(list[0]).not.toHaveProperty("key");
    expect(list[0]).toMatchObject({ id: created.record.id, name: "ci", status: "active" });
  });

  it("a key without options has no limit and the default name", async () => {
    const { caller } = await createTestUser(handle);
    const { record } = await caller.keys.create({ name: "plain" });
    expect(record).toMatchObject({ limitMicro: null, limitPeriod: null, rpm: null, allowedModels: null, expiresAt: null, spendPeriodMicro: null });
  });

  it("list shows spend this month and in the limit period from requests rows", async () => {
    const { user, caller } = await createTestUser(handle);
    const { record: monthly } = await caller.keys.create({ name: "monthly" });
    const { record: daily } = await caller.keys.create({ name: "daily", limitRub: 10, limitPeriod: "day" });
    const { record: total } = await caller.keys.create({ name: "total", limitRub: 10, limitPeriod: "total" });
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const lastMonth = new Date(monthStart.getTime() - 86_400_000);

    await insertRequest(user.id, monthly.id, 1_500_000, new Date(now.getTime() - 1000));
    await insertRequest(user.id, monthly.id, 250_000, monthStart);
    await insertRequest(user.id, monthly.id, 9_000_000, lastMonth); // before this month: not counted
    await insertRequest(user.id, daily.id, 700_000, new Date(now.getTime() - 1000));
    if (dayStart.getTime() > monthStart.getTime()) await insertRequest(user.id, daily.id, 300_000, monthStart); // this month, not today
    await insertRequest(user.id, total.id, 2_000_000, lastMonth);
    await insertRequest(user.id, total.id, 1_000_000, new Date(now.getTime() - 1000));

    const list = await caller.keys.list();
    const byName = Object.fromEntries(list.map((k) => [k.name, k]));
    expect(byName.monthly).toMatchObject({ spendMonthMicro: 1_750_000, spendPeriodMicro: null });
    expect(byName.daily).toMatchObject({ spendMonthMicro: dayStart.getTime() > monthStart.getTime() ? 1_000_000 : 700_000, spendPeriodMicro: 700_000 });
    expect(byName.total).toMatchObject({ spendMonthMicro: 1_000_000, spendPeriodMicro: 3_000_000, limitMicro: 10_000_000, limitPeriod: "total" });
  });

  it("rejects an unknown model id, a negative or malformed limit, a bad RPM, a past expiry and an empty name", async () => {
    const { caller } = await createTestUser(handle);
    expect(await errorMessage(caller.keys.create({ name: "x", allowedModels: [MODEL_ID, "nope/not-a-model"] }))).toContain("nope/not-a-model");
    expect(await errorMessage(caller.keys.create({ name: "x", limitRub: "-5" }))).toContain("at least 0.01 RUB");
    expect(await errorMessage(caller.keys.create({ name: "x", limitRub: -5 }))).toContain("at least 0.01 RUB");
    expect(await errorMessage(caller.keys.create({ name: "x", limitRub: "0,001" }))).toContain("at most two decimals");
    expect(await errorMessage(caller.keys.create({ name: "x", limitRub: "1000000,01" }))).toContain("at most 1000000 RUB");
    expect(await errorMessage(caller.keys.create({ name: "x", limitRub: "lots" }))).toContain("amount in rubles");
    expect(await errorMessage(caller.keys.create({ name: "x", rpm: 0 }))).toContain("RPM");
    expect(await errorMessage(caller.keys.create({ name: "x", expiresAt: new Date(Date.now() - 60_000) }))).toContain("future");
    expect(await errorMessage(caller.keys.create({ name: "   " }))).toContain("name is required");
    expect(await caller.keys.list()).toEqual([]);
  });

  it("renames, disables and enables, and revokes for good (the key stays listed as revoked)", async () => {
    const { caller } = await createTestUser(handle);
    const { record } = await caller.keys.create({ name: "old" });
    expect(await caller.keys.rename({ id: record.id, name: "new" })).toMatchObject({ name: "new", status: "active" });
    expect(await caller.keys.setDisabled({ id: record.id, disabled: true })).toMatchObject({ status: "disabled" });
    expect(await caller.keys.setDisabled({ id: record.id, disabled: false })).toMatchObject({ status: "active", disabledAt: null });
    const revoked = await caller.keys.revoke({ id: record.id });
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await caller.keys.revoke({ id: record.id });
    expect(again.revokedAt?.getTime()).toBe(revoked.revokedAt?.getTime());
    expect(await errorMessage(caller.keys.setDisabled({ id: record.id, disabled: false }))).toBe("key_revoked");
    expect(await caller.keys.list()).toEqual([expect.objectContaining({ id: record.id, status: "revoked", name: "new" })]);
  });

  it("stores the IP allowlist (IPv4 and IPv6, trimmed, once each), lists it, and refuses what is not a range", async () => {
    const { caller } = await createTestUser(handle);
    const { record } = await caller.keys.create({ name: "office", allowedIps: [" 198.51.100.0/24", "2001:db8::/32", "198.51.100.0/24", "192.0.2.7"] });
    expect(record.allowedIps).toEqual(["198.51.100.0/24", "2001:db8::/32", "192.0.2.7"]);
    expect(await caller.keys.list()).toEqual([expect.objectContaining({ id: record.id, allowedIps: ["198.51.100.0/24", "2001:db8::/32", "192.0.2.7"] })]);
    expect(await errorMessage(caller.keys.create({ name: "x", allowedIps: ["10.0.0.0/33", "office"] }))).toContain("10.0.0.0/33, office");
    expect((await caller.keys.create({ name: "anywhere", allowedIps: [] })).record.allowedIps).toBeNull();
  });

  it("modelOptions lists catalog models", async () => {
    const { caller } = await createTestUser(handle);
    const options = await caller.keys.modelOptions();
    expect(options).toEqual(expect.arrayContaining([expect.objectContaining({ id: MODEL_ID, name: "Model A" })]));
  });
});

describe("keys router ownership: user B never sees or changes user A's keys", () => {
  let keyOfA: string;
  let a: Awaited<ReturnType<typeof createTestUser>>;
  let b: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    a = await createTestUser(handle);
    b = await createTestUser(handle);
    keyOfA = (await a.caller.keys.create({ name: "a's key" })).record.id;
    await b.caller.keys.create({ name: "b's key" });
  });

  it("list: B's list does not contain A's keys", async () => {
    const list = await b.caller.keys.list();
    expect(list.map((k) => k.name)).toEqual(["b's key"]);
    expect(list.map((k) => k.id)).not.toContain(keyOfA);
  });

  it("rename: NOT_FOUND", async () => {
    expect(await errorCode(b.caller.keys.rename({ id: keyOfA, name: "stolen" }))).toBe("NOT_FOUND");
  });

  it("setDisabled: NOT_FOUND", async () => {
    expect(await errorCode(b.caller.keys.setDisabled({ id: keyOfA, disabled: true }))).toBe("NOT_FOUND");
  });

  it("revoke: NOT_FOUND", async () => {
    expect(await errorCode(b.caller.keys.revoke({ id: keyOfA }))).toBe("NOT_FOUND");
  });

  it("A's key is untouched by B's attempts", async () => {
    expect(await a.caller.keys.list()).toEqual([expect.objectContaining({ id: keyOfA, name: "a's key", status: "active" })]);
  });
});

describe("an organization's key disabled by a manager or by its maker's removal", () => {
  it("its maker (keys.own) may disable and re-enable it themselves, but not re-enable what an admin disabled", async () => {
    const f = await createOrgFixture(handle.db, "keys-disable");
    const maker = callerFor(handle.db, f.target, f.org.id);
    const admin = callerFor(handle.db, f.members.admin, f.org.id);
    expect(await maker.keys.setDisabled({ id: f.key.id, disabled: true })).toMatchObject({ status: "disabled", disabledReason: null });
    expect(await maker.keys.setDisabled({ id: f.key.id, disabled: false })).toMatchObject({ status: "active" });

    expect(await admin.keys.setDisabled({ id: f.key.id, disabled: true })).toMatchObject({ status: "disabled", disabledReason: "manager" });
    const refused = await errorOf(maker.keys.setDisabled({ id: f.key.id, disabled: false }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "key_disabled_by_manager"]);
    expect(await admin.keys.setDisabled({ id: f.key.id, disabled: false })).toMatchObject({ status: "active", disabledReason: null });
  });

  it("a removed member let back in cannot turn on the keys their removal disabled", async () => {
    const f = await createOrgFixture(handle.db, "keys-removed");
    await removeMember(handle.db, { orgId: f.org.id, userId: f.target.id, actorRole: "owner" });
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, f.key.id));
    expect(row).toMatchObject({ disabledReason: "member_removed" });
    await addMember(handle.db, { orgId: f.org.id, userId: f.target.id, role: "developer" });
    const refused = await errorOf(callerFor(handle.db, f.target, f.org.id).keys.setDisabled({ id: f.key.id, disabled: false }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "key_disabled_by_manager"]);
    expect(await callerFor(handle.db, f.members.owner, f.org.id).keys.setDisabled({ id: f.key.id, disabled: false })).toMatchObject({ status: "active" });
  });
});
