import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../billing";
import { getDb } from "../db";
import { ledger } from "../db/schema";
import { databaseMeterSource } from "../billing/source";
import { checkLedger } from "../services/billing/check-ledger";
import { addCredits } from "../services/credits/add-credits";
import { createKey } from "../services/keys/create-key";
import { addMember } from "../services/organizations/add-member";
import { createOrganization } from "../services/organizations/create-organization";
import { setMemberLimit } from "../services/organizations/set-member-limit";
import { createUser } from "../services/users/create-user";
import { startTestApi, type TestApi } from "../testing/api-server";
import { PRINCIPAL_CACHE_MS } from "./identify";
import { flushRequests } from "./recorder";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({}, `xr-test:${crypto.randomUUID()}:`);
});
afterAll(() => api.close());

const settled = () => Promise.all([getBilling().charges.flush(), flushRequests()]);

// yandexgpt: 1200 RUB per 1M tokens; max_tokens 70 makes each worst case just under 0.1 RUB.
const ask = (key: string, content = "q") =>
  fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "yandex/yandexgpt", max_tokens: 70, messages: [{ role: "user", content }] }),
  });

/** An organization with 100 RUB, its owner, and a developer; each has two keys of their own in it. */
async function organization() {
  const db = await getDb();
  const person = () => createUser(db, { email: `member-${crypto.randomUUID().slice(0, 8)}@example.test` });
  const [owner, developer] = [await person(), await person()];
  const org = await createOrganization(db, { ownerUserId: owner.id, name: `Limits ${crypto.randomUUID().slice(0, 8)}` });
  await addMember(db, { orgId: org.id, userId: developer.id, role: "developer" });
  await addCredits(db, { userId: org.walletUserId, amountMicro: 100_000_000, kind: "adjustment" });
  const keyOf = (member: string) => createKey(db, { userId: org.walletUserId, createdByUserId: member });
  const keys = { owner: [await keyOf(owner.id), await keyOf(owner.id)], developer: [await keyOf(developer.id), await keyOf(developer.id)] };
  return { db, org, owner, developer, keys };
}

async function spentBy(keyIds: string[]): Promise<number> {
  const rows = await (await getDb())
    .select({ amount: ledger.amountMicro })
    .from(ledger)
    .where(and(eq(ledger.kind, "charge"), inArray(ledger.keyId, keyIds)));
  return -rows.reduce((sum, row) => sum + row.amount, 0);
}

describe("a member's monthly limit in an organization", () => {
  it("holds across all the keys the member made, while another member's keys still work", async () => {
    const { db, org, developer, keys } = await organization();
    // Each request holds its worst case (~0.1 RUB) and costs a few kopecks: a few fit under 0.12 RUB.
    await setMemberLimit(db, { orgId: org.id, userId: developer.id, limitMicro: 120_000 });
    const developerKeys = keys.developer.map((k) => k.key);
    const statuses: number[] = [];
    let refusal: { error: { type: string; code: string; message: string } } | undefined;
    for (let i = 0; i < 40 && !refusal; i++) {
      const res = await ask(developerKeys[i % 2]!, `d${i}`);
      statuses.push(res.status);
      if (res.status === 402) refusal = (await res.json()) as typeof refusal;
      else await res.text();
    }
    // Both keys answered before the member's limit ran out.
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(refusal!.error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    expect(refusal!.error.message).toMatch(/member's monthly spending limit in the organization is reached: \d+\.\d+ RUB left this month/);
    // The member's other key is refused too; the owner's keys spend the same wallet freely.
    for (const key of developerKeys) expect((await ask(key)).status).toBe(402);
    for (const { key } of keys.owner) expect((await ask(key)).status).toBe(200);

    await settled();
    const spent = await spentBy(keys.developer.map((k) => k.record.id));
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(120_000);
    expect(await spentBy(keys.owner.map((k) => k.record.id))).toBeGreaterThan(0);
    // What the meter loads on a cache miss: the member's keys' charges only.
    expect(await databaseMeterSource(getDb).memberSpend(org.walletUserId, developer.id, "month")).toBe(spent);
    expect((await checkLedger(db)).problems.slice(0, 3)).toEqual([]);
  });

  it("spends at most the limit across 60 parallel requests on the member's two keys, and clearing it lifts it", async () => {
    const { db, org, developer, keys } = await organization();
    await setMemberLimit(db, { orgId: org.id, userId: developer.id, limitMicro: 1_000_000 });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => ask(keys.developer[i % 2]!.key, `p${i}`).then(async (res) => (await res.text(), res.status))),
    );
    expect(results.filter((s) => s !== 200 && s !== 402)).toEqual([]);
    expect(results.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(results).toContain(402);
    await settled();
    expect(await spentBy(keys.developer.map((k) => k.record.id))).toBeLessThanOrEqual(1_000_000);
    expect(await getBilling().meter.expired(Date.now() + 3_600_000)).toEqual([]);

    await setMemberLimit(db, { orgId: org.id, userId: developer.id, limitMicro: null });
    await new Promise((resolve) => setTimeout(resolve, PRINCIPAL_CACHE_MS + 100));
    expect((await ask(keys.developer[0]!.key)).status).toBe(200);
    await settled();
    expect((await checkLedger(db)).problems.slice(0, 3)).toEqual([]);
  });
});
