import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { requests } from "../../db/schema";
import { newId } from "../../ids";
import { addCredits } from "../../services/credits/add-credits";
import { createKey } from "../../services/keys/create-key";
import { addMember } from "../../services/organizations/add-member";
import { createOrganization } from "../../services/organizations/create-organization";
import { PLAYGROUND_KEY_NAME } from "../../services/playground/get-playground-principal";
import { createTestUser, errorCode, openTrpcTestDb } from "../../testing/trpc";
import { createCaller } from "../root";
import { DASHBOARD_KEYS, DASHBOARD_RECENT } from "./dashboard";

let handle: DbHandle;

type Row = typeof requests.$inferInsert;
const row = (userId: string, extra: Partial<Row> = {}): Row => ({
  id: newId("req"),
  userId,
  endpoint: "/v1/chat/completions",
  model: "gigachat/GigaChat-2",
  provider: "gigachat",
  status: 200,
  latencyMs: 100,
  createdAt: new Date(),
  ...extra,
});

beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle?.close());

describe("dashboard.summary", () => {
  it("a new account: nothing spent, no key, and the three steps with only what is done ticked", async () => {
    const { caller } = await createTestUser(handle);
    const d = await caller.dashboard.summary();
    expect(d.zone).toBe("Europe/Moscow");
    expect(d.balanceMicro).toBe(0);
    expect(d.spend).toEqual({ todayMicro: 0, monthMicro: 0 });
    expect(d.month).toMatchObject({ requests: 0, errors: 0, to: d.today, from: `${d.today.slice(0, 7)}-01` });
    expect(d.series.length).toBeGreaterThan(0);
    expect(d.recent).toEqual([]);
    expect(d.keys).toEqual({ live: 0, items: [] });
    expect(d.checklist).toEqual({ key: false, credit: false, request: false });
  });

  it("the Playground's own key does not end the checklist; credit and a request tick their steps", async () => {
    const { user, caller } = await createTestUser(handle);
    const playground = (await createKey(handle.db, { userId: user.id, name: PLAYGROUND_KEY_NAME })).record.id;
    await addCredits(handle.db, { userId: user.id, amountMicro: 100_000_000, kind: "adjustment" });
    await handle.db.insert(requests).values(row(user.id, { keyId: playground, costMicro: 1234 }));
    const d = await caller.dashboard.summary();
    expect(d.checklist).toEqual({ key: false, credit: true, request: true });
    expect(d.keys!.live).toBe(1);
    expect(d.keys!.items[0]).toMatchObject({ name: PLAYGROUND_KEY_NAME, status: "active" });
  });

  it("with a key of their own: balance, today's and the month's spend, errors, the last requests and keys", async () => {
    const { user, caller } = await createTestUser(handle);
    const keys: string[] = [];
    for (const name of ["one", "two", "three", "four"]) keys.push((await createKey(handle.db, { userId: user.id, name })).record.id);
    await addCredits(handle.db, { userId: user.id, amountMicro: 1_599_660_000, kind: "adjustment" });
    await handle.db.insert(requests).values([
      ...Array.from({ length: 6 }, (_, i) => row(user.id, { keyId: keys[0], costMicro: 1_000 * (i + 1), createdAt: new Date(Date.now() - i * 1000) })),
      row(user.id, { keyId: keys[1], status: 502, errorCode: "upstream_error", costMicro: 0 }),
    ]);
    // Another user's requests never show.
    const other = await createTestUser(handle);
    await handle.db.insert(requests).values(row(other.user.id, { costMicro: 9_999_999 }));

    const d = await caller.dashboard.summary();
    expect(d.checklist).toBeNull();
    expect(d.balanceMicro).toBe(1_599_660_000);
    expect(d.spend).toEqual({ todayMicro: 21_000, monthMicro: 21_000 });
    expect(d.month).toMatchObject({ requests: 7, errors: 1 });
    expect(d.series.reduce((sum, p) => sum + p.costMicro, 0)).toBe(21_000);
    expect(d.recent).toHaveLength(DASHBOARD_RECENT);
    expect(d.recent.map((r) => r.status)).toContain(502);
    expect(d.keys!.live).toBe(4);
    expect(d.keys!.items).toHaveLength(DASHBOARD_KEYS);
    expect(d.keys!.items[0]).not.toHaveProperty("hash");
  });

  it("follows the user's time zone", async () => {
    const { caller } = await createTestUser(handle);
    await caller.account.setTimeZone({ zone: "Asia/Vladivostok" });
    expect((await caller.dashboard.summary()).zone).toBe("Asia/Vladivostok");
    expect((await caller.usage.summary({})).range.zone).toBe("Asia/Vladivostok");
  });
});

describe("dashboard.summary of an organization", () => {
  it("is the wallet's, in the parts the member's role may read", async () => {
    const owner = await createTestUser(handle);
    const dev = await createTestUser(handle);
    const org = await createOrganization(handle.db, { ownerUserId: owner.user.id, name: `dash-${newId("req").slice(-8)}` });
    await addMember(handle.db, { orgId: org.id, userId: dev.user.id, role: "developer" });
    await addCredits(handle.db, { userId: org.walletUserId, amountMicro: 5_000_000, kind: "adjustment" });
    const ownersKey = (await createKey(handle.db, { userId: org.walletUserId, name: "owner's", createdByUserId: owner.user.id })).record.id;
    await handle.db.insert(requests).values(row(org.walletUserId, { keyId: ownersKey, costMicro: 700 }));
    const as = (u: { id: string; email: string }) => createCaller({ db: handle.db, user: { id: u.id, email: u.email, role: "user" }, requestedAccount: org.id });

    const o = await as(owner.user).dashboard.summary();
    expect(o.account).toEqual({ name: org.name });
    expect(o.balanceMicro).toBe(5_000_000);
    expect(o.spend.monthMicro).toBe(700);
    expect(o.keys!.live).toBe(1);
    expect(o.checklist).toBeNull();

    // A developer sees no wallet, and only the keys and requests of the keys they made: none yet.
    const d = await as(dev.user).dashboard.summary();
    expect(d.balanceMicro).toBeNull();
    expect(d.spend.monthMicro).toBe(0);
    expect(d.recent).toEqual([]);
    expect(d.keys).toEqual({ live: 0, items: [] });
    expect(d.checklist).toEqual({ key: false, credit: true, request: false });

    // Their personal account is still their own.
    expect((await dev.caller.dashboard.summary()).account).toBeNull();
  });
});

describe("account.setTimeZone", () => {
  it("takes only a zone of the list", async () => {
    const { caller } = await createTestUser(handle);
    expect(await errorCode(caller.account.setTimeZone({ zone: "Europe/London" as never }))).toBe("BAD_REQUEST");
    expect(await caller.account.setTimeZone({ zone: "UTC" })).toEqual({ zone: "UTC" });
    expect((await caller.usage.summary({})).range.zone).toBe("UTC");
  });
});
