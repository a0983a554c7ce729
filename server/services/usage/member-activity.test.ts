import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { requests } from "../../db/schema";
import { newId } from "../../ids";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { createKey } from "../keys/create-key";
import { addMember } from "../organizations/add-member";
import { createOrganization } from "../organizations/create-organization";
import { exportActivityCsvText } from "./export-activity-csv";
import { listRecentRequests } from "./list-recent-requests";
import { listUsageFilterOptions } from "./list-usage-filter-options";
import { summarizeUsage } from "./summarize-usage";

let handle: DbHandle;
let wallet: string;
let personal: string;
const people = {} as Record<"owner" | "dev" | "other", { id: string; email: string }>;
const keys = {} as Record<"owner" | "devA" | "devB" | "other", string>;
const range = { from: "2025-03-10", to: "2025-03-11" };

function row(userId: string, keyId: string | null, costMicro: number, at = "2025-03-10T10:00:00+03:00") {
  return { id: newId("req"), userId, keyId, endpoint: "/v1/chat/completions", model: "gigachat/GigaChat-2", provider: "gigachat", status: 200, latencyMs: 100, costMicro, createdAt: new Date(at) };
}

beforeAll(async () => {
  handle = await openTrpcTestDb();
  for (const name of ["owner", "dev", "other"] as const) people[name] = (await createTestUser(handle)).user;
  const org = await createOrganization(handle.db, { ownerUserId: people.owner.id, name: `Activity ${crypto.randomUUID().slice(0, 8)}` });
  wallet = org.walletUserId;
  await addMember(handle.db, { orgId: org.id, userId: people.dev.id, role: "developer" });
  await addMember(handle.db, { orgId: org.id, userId: people.other.id, role: "developer" });
  const key = async (member: string, name: string) => (await createKey(handle.db, { userId: wallet, createdByUserId: member, name })).record.id;
  keys.owner = await key(people.owner.id, "owner's");
  keys.devA = await key(people.dev.id, "dev A");
  keys.devB = await key(people.dev.id, "dev B");
  keys.other = await key(people.other.id, "other's");
  personal = people.dev.id;
  const personalKey = (await createKey(handle.db, { userId: personal, name: "mine" })).record.id;
  await handle.db.insert(requests).values([
    row(wallet, keys.devA, 1_000),
    row(wallet, keys.devB, 2_000, "2025-03-11T09:00:00+03:00"),
    row(wallet, keys.other, 500),
    row(wallet, keys.owner, 100),
    row(wallet, null, 7),
    row(personal, personalKey, 9_999),
  ]);
});
afterAll(() => handle?.close());

describe("an organization's activity by member", () => {
  it("breaks the usage down by member, each member's keys together, and by key", async () => {
    const s = (await summarizeUsage(handle.db, wallet, range))!;
    expect(s.totals.costMicro).toBe(3_607);
    expect(s.byMember.map((r) => [r.id, r.label, r.requests, r.costMicro])).toEqual([
      [people.dev.id, people.dev.email, 2, 3_000],
      [people.other.id, people.other.email, 1, 500],
      [people.owner.id, people.owner.email, 1, 100],
      [null, "", 1, 7],
    ]);
    expect(s.byMember.reduce((sum, r) => sum + r.costMicro, 0)).toBe(s.totals.costMicro);
    expect(s.byKey.map((r) => r.label)).toEqual(["dev B", "dev A", "other's", "owner's", ""]);
    // A personal account has no members.
    expect((await summarizeUsage(handle.db, personal, range))!.byMember).toEqual([]);
  });

  it("filters by member; a developer's own scope refuses another member and their keys", async () => {
    const dev = (await summarizeUsage(handle.db, wallet, { ...range, memberId: people.dev.id }))!;
    expect(dev.totals).toMatchObject({ requests: 2, costMicro: 3_000 });
    expect(dev.byKey.map((r) => r.label)).toEqual(["dev B", "dev A"]);
    const own = { ...range, createdBy: people.dev.id };
    expect((await summarizeUsage(handle.db, wallet, own))!.totals.costMicro).toBe(3_000);
    expect(await summarizeUsage(handle.db, wallet, { ...own, memberId: people.dev.id })).toBeDefined();
    expect(await summarizeUsage(handle.db, wallet, { ...own, memberId: people.other.id })).toBeUndefined();
    expect(await summarizeUsage(handle.db, wallet, { ...own, keyId: keys.other })).toBeUndefined();
    expect(await summarizeUsage(handle.db, wallet, { ...range, memberId: people.other.id, keyId: keys.devA })).toBeUndefined();
    // Another organization's (or a person's) member filter finds nothing of theirs here.
    expect((await summarizeUsage(handle.db, personal, { ...range, memberId: people.dev.id }))!.totals.requests).toBe(0);
  });

  it("lists each request with its key's member, and offers the members in the filter bar", async () => {
    const page = (await listRecentRequests(handle.db, wallet, { ...range, memberId: people.other.id }))!;
    expect(page.items.map((r) => [r.keyName, r.memberId, r.memberEmail])).toEqual([["other's", people.other.id, people.other.email]]);
    const options = await listUsageFilterOptions(handle.db, wallet);
    expect(options.members).toEqual(
      [people.dev, people.other, people.owner].map(({ id, email }) => ({ id, email })).sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(options.keys.find((k) => k.id === keys.devA)?.memberId).toBe(people.dev.id);
    expect((await listUsageFilterOptions(handle.db, wallet, new Date(), people.dev.id)).members).toEqual([{ id: people.dev.id, email: people.dev.email }]);
    expect((await listUsageFilterOptions(handle.db, personal)).members).toEqual([]);
  });

  it("exports the member's e-mail beside the key's name for an organization only", async () => {
    const csv = (await exportActivityCsvText(handle.db, wallet, range, { variant: "machine" }))!;
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toBe(
      "time_utc,request_id,model,provider,key_name,key_prefix,member_email,endpoint,stream,status,error_code,finish_reason,prompt_tokens,completion_tokens,cached_tokens,cost_rub,latency_ms,first_token_ms",
    );
    expect(lines).toHaveLength(5);
    expect(lines.filter((line) => line.includes(`,dev A,`) && line.includes(`,${people.dev.email},`))).toHaveLength(1);
    const mine = (await exportActivityCsvText(handle.db, personal, range, { variant: "machine" }))!;
    expect(mine.split(/\r?\n/)[0]).not.toContain("member_email");
  });
});
