import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { apiKeys, mailOutbox, oauthClients, orgInvitations, orgMembers, users, type OrgRole } from "../../db/schema";
import { newId } from "../../ids";
import { roleCan } from "../../services/organizations/permissions";
import { callerFor, createOrgFixture, createPerson, MEMBER_ROLES, type OrgFixture } from "../../testing/organizations";
import { openTrpcTestDb } from "../../testing/trpc";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

type Caller = ReturnType<typeof callerFor>;
type Outcome = "ok" | string;

/** What a call ended with: "ok" or its TRPCError code. */
async function outcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return "ok";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/**
 * Every portal procedure that acts for the chosen account, called on `f`'s objects (its key, member, invitation,
 * app). `allowed`: the roles that pass (docs/organizations.md); `passes`: what an allowed call ends with when not
 * "ok" (a refusal that comes after the role check, e.g. a developer reaching another member's key).
 */
interface Case {
  name: string;
  allowed: OrgRole[];
  /** Mutations get a fresh organization per call. */
  mutates?: boolean;
  call: (caller: Caller, f: OrgFixture) => Promise<unknown>;
  passes?: Partial<Record<OrgRole, Outcome>>;
}

const ALL = MEMBER_ROLES;
const MANAGERS: OrgRole[] = ["owner", "admin"];
const MONEY_READERS: OrgRole[] = ["owner", "admin", "billing", "viewer"];
const PAYERS: OrgRole[] = ["owner", "admin", "billing"];
// A developer reaches only the keys they made; the fixture's key is another developer's.
const OTHERS_KEY = { developer: "NOT_FOUND" } as const;

const CASES: Case[] = [
  { name: "keys.list", allowed: ["owner", "admin", "developer", "viewer"], call: (c) => c.keys.list() },
  { name: "keys.create", allowed: ["owner", "admin", "developer"], mutates: true, call: (c) => c.keys.create({ name: "made in org" }) },
  { name: "keys.rename", allowed: ["owner", "admin", "developer"], passes: OTHERS_KEY, mutates: true, call: (c, f) => c.keys.rename({ id: f.key.id, name: "renamed" }) },
  { name: "keys.setDisabled", allowed: ["owner", "admin", "developer"], passes: OTHERS_KEY, mutates: true, call: (c, f) => c.keys.setDisabled({ id: f.key.id, disabled: true }) },
  { name: "keys.revoke", allowed: ["owner", "admin", "developer"], passes: OTHERS_KEY, mutates: true, call: (c, f) => c.keys.revoke({ id: f.key.id }) },
  { name: "keys.cacheSettings", allowed: ["owner", "admin", "developer", "viewer"], passes: OTHERS_KEY, call: (c, f) => c.keys.cacheSettings({ id: f.key.id }) },
  { name: "keys.setCache", allowed: ["owner", "admin", "developer"], passes: OTHERS_KEY, mutates: true, call: (c, f) => c.keys.setCache({ id: f.key.id, mode: "on" }) },
  { name: "keys.purgeCache", allowed: ["owner", "admin", "developer"], passes: OTHERS_KEY, mutates: true, call: (c, f) => c.keys.purgeCache({ id: f.key.id }) },
  { name: "usage.summary", allowed: ALL, call: (c) => c.usage.summary({}) },
  { name: "usage.summary by key", allowed: ALL, passes: OTHERS_KEY, call: (c, f) => c.usage.summary({ keyId: f.key.id }) },
  { name: "usage.recent", allowed: ALL, call: (c) => c.usage.recent({}) },
  { name: "usage.filterOptions", allowed: ALL, call: (c) => c.usage.filterOptions() },
  { name: "billing.balance", allowed: MONEY_READERS, call: (c) => c.billing.balance() },
  { name: "billing.ledger", allowed: MONEY_READERS, call: (c) => c.billing.ledger({}) },
  { name: "billing.topups", allowed: MONEY_READERS, call: (c) => c.billing.topups({}) },
  { name: "billing.statementMonths", allowed: MONEY_READERS, call: (c) => c.billing.statementMonths() },
  { name: "billing.setLowBalanceThreshold", allowed: PAYERS, mutates: true, call: (c) => c.billing.setLowBalanceThreshold({ thresholdRub: "10" }) },
  {
    name: "billing.redeemPromo",
    allowed: PAYERS,
    passes: { owner: "BAD_REQUEST", admin: "BAD_REQUEST", billing: "BAD_REQUEST" },
    call: (c) => c.billing.redeemPromo({ code: "NOPE" }),
  },
  { name: "apps.list", allowed: ["owner", "admin", "viewer"], call: (c) => c.apps.list() },
  { name: "apps.grants", allowed: ["owner", "admin", "viewer"], call: (c) => c.apps.grants() },
  {
    name: "apps.register",
    allowed: MANAGERS,
    mutates: true,
    call: (c) => c.apps.register({ name: "another", redirectUris: ["https://b.example.test/cb"], type: "public" }),
  },
  { name: "apps.rotateSecret", allowed: MANAGERS, mutates: true, call: (c, f) => c.apps.rotateSecret({ clientId: f.app.client.clientId }) },
  { name: "apps.remove", allowed: MANAGERS, mutates: true, call: (c, f) => c.apps.remove({ clientId: f.app.client.clientId }) },
  { name: "apps.revokeGrant", allowed: MANAGERS, passes: { owner: "NOT_FOUND", admin: "NOT_FOUND" }, call: (c) => c.apps.revokeGrant({ grantId: newId("xrgr") }) },
  { name: "security.events", allowed: MANAGERS, call: (c) => c.security.events({}) },
  { name: "org.get", allowed: ALL, call: (c) => c.org.get() },
  { name: "org.members", allowed: ALL, call: (c) => c.org.members() },
  { name: "org.invite", allowed: MANAGERS, mutates: true, call: (c) => c.org.invite({ email: `new-${crypto.randomUUID().slice(0, 8)}@example.test`, role: "developer" }) },
  { name: "org.invitations", allowed: MANAGERS, call: (c) => c.org.invitations() },
  { name: "org.revokeInvitation", allowed: MANAGERS, mutates: true, call: (c, f) => c.org.revokeInvitation({ id: f.invitation.id }) },
  { name: "org.setRole", allowed: MANAGERS, mutates: true, call: (c, f) => c.org.setRole({ userId: f.target.id, role: "viewer" }) },
  { name: "org.transferOwnership", allowed: ["owner"], mutates: true, call: (c, f) => c.org.transferOwnership({ userId: f.target.id }) },
  { name: "org.removeMember", allowed: MANAGERS, mutates: true, call: (c, f) => c.org.removeMember({ userId: f.target.id }) },
  // Everyone may leave; the only owner may not (the last owner stays).
  { name: "org.leave", allowed: ALL, passes: { owner: "BAD_REQUEST" }, mutates: true, call: (c) => c.org.leave() },
  // Procedures other parts of issue 19 built on accountProcedure / orgProcedure.
  { name: "dashboard.summary", allowed: ALL, call: (c) => c.dashboard.summary() },
  { name: "memberLimits.set", allowed: MANAGERS, mutates: true, call: (c, f) => c.memberLimits.set({ userId: f.target.id, limitRub: "100" }) },
  { name: "legal.offerStatus", allowed: ALL, call: (c) => c.legal.offerStatus() },
  { name: "legal.acceptOffer", allowed: ALL, mutates: true, call: (c) => c.legal.acceptOffer({ version: 1 }) },
  { name: "legal.requisites", allowed: PAYERS, call: (c) => c.legal.requisites() },
  {
    name: "legal.saveRequisites",
    allowed: PAYERS,
    passes: { owner: "BAD_REQUEST", admin: "BAD_REQUEST", billing: "BAD_REQUEST" },
    call: (c) => c.legal.saveRequisites({ requisites: {}, offerVersion: 1 }),
  },
  { name: "legal.invoiceReadiness", allowed: MONEY_READERS, call: (c) => c.legal.invoiceReadiness() },
  { name: "legal.invoices", allowed: MONEY_READERS, call: (c) => c.legal.invoices() },
  {
    name: "legal.issueInvoice",
    allowed: PAYERS,
    passes: { owner: "BAD_REQUEST", admin: "BAD_REQUEST", billing: "BAD_REQUEST" },
    call: (c) => c.legal.issueInvoice({ amount: "1000" }),
  },
  {
    name: "legal.cancelInvoice",
    allowed: PAYERS,
    passes: { owner: "NOT_FOUND", admin: "NOT_FOUND", billing: "NOT_FOUND" },
    call: (c) => c.legal.cancelInvoice({ invoiceId: newId("inv") }),
  },
  { name: "legal.documents", allowed: MONEY_READERS, call: (c) => c.legal.documents() },
];

/** Everything of an organization a procedure could read or change, to prove another one's calls left it alone. */
async function snapshot(f: OrgFixture) {
  const db = handle.db;
  return JSON.stringify({
    members: await db.select().from(orgMembers).where(eq(orgMembers.orgId, f.org.id)).orderBy(orgMembers.userId),
    invitations: await db.select().from(orgInvitations).where(eq(orgInvitations.orgId, f.org.id)),
    keys: await db.select().from(apiKeys).where(eq(apiKeys.userId, f.wallet)).orderBy(apiKeys.id),
    apps: await db.select().from(oauthClients).where(eq(oauthClients.userId, f.wallet)).orderBy(oauthClients.id),
    wallet: await db.select().from(users).where(eq(users.id, f.wallet)),
  });
}

/** What of `f` must never appear in another organization's answers. */
const secretsOf = (f: OrgFixture) => [f.org.id, f.org.name, f.wallet, f.key.id, f.model, f.invitation.id, f.invitation.email, f.app.client.clientId, f.target.email];

describe("role matrix: each role can do exactly what docs/organizations.md's table says", () => {
  let shared: OrgFixture;
  beforeAll(async () => {
    shared = await createOrgFixture(handle.db, "matrix");
  });

  it("the table of cases agrees with the permission table's roles", () => {
    // A guard against the two drifting apart: a role allowed here holds the permission the router asks for.
    expect(roleCan("developer", "keys.own") && !roleCan("billing", "keys.own") && !roleCan("viewer", "keys.manage")).toBe(true);
    expect(roleCan("viewer", "billing.read") && !roleCan("viewer", "billing.pay") && !roleCan("developer", "billing.read")).toBe(true);
  });

  for (const c of CASES)
    for (const role of ALL) {
      const expected = c.allowed.includes(role) ? (c.passes?.[role] ?? "ok") : "FORBIDDEN";
      it(`${c.name} as ${role} → ${expected}`, async () => {
        const f = c.mutates ? await createOrgFixture(handle.db, "matrix") : shared;
        expect(await outcome(c.call(callerFor(handle.db, f.members[role], f.org.id), f))).toBe(expected);
      });
    }
});

describe("isolation: a member of org A can neither read nor change org B", () => {
  let a: OrgFixture;
  let b: OrgFixture;
  let outsider: { id: string; email: string };
  beforeAll(async () => {
    [a, b] = [await createOrgFixture(handle.db, "iso-a"), await createOrgFixture(handle.db, "iso-b")];
    outsider = await createPerson(handle.db, "outsider");
  });

  async function expectUntouched(run: () => Promise<unknown>) {
    const before = await snapshot(b);
    let answer: unknown;
    try {
      answer = await run();
    } catch {
      answer = undefined;
    }
    const shown = JSON.stringify(answer ?? null);
    for (const secret of secretsOf(b)) expect(shown).not.toContain(secret);
    expect(await snapshot(b)).toBe(before);
  }

  for (const c of CASES) {
    it(`${c.name}: A's owner acting in A, aimed at B's objects`, async () => {
      await expectUntouched(() => c.call(callerFor(handle.db, a.members.owner, a.org.id), b));
    });

    it(`${c.name}: A's owner with a forged cookie naming B`, async () => {
      await expectUntouched(() => c.call(callerFor(handle.db, a.members.owner, b.org.id), b));
    });

    it(`${c.name}: a signed-in non-member with a cookie naming B`, async () => {
      await expectUntouched(() => c.call(callerFor(handle.db, outsider, b.org.id), b));
    });
  }

  it("a forged or stale cookie falls back to the personal account", async () => {
    const caller = callerFor(handle.db, a.members.owner, b.org.id);
    expect((await caller.org.mine()).current).toEqual({ kind: "personal" });
    expect(await outcome(caller.org.get())).toBe("BAD_REQUEST");
    expect(await callerFor(handle.db, a.members.owner, "org_notAnIdAtAll").org.mine()).toMatchObject({ current: { kind: "personal" } });
  });

  it("a member removed from A loses A at once, whatever the cookie says", async () => {
    const f = await createOrgFixture(handle.db, "iso-removed");
    await callerFor(handle.db, f.members.owner, f.org.id).org.removeMember({ userId: f.members.viewer.id });
    const removed = callerFor(handle.db, f.members.viewer, f.org.id);
    expect((await removed.org.mine()).current).toEqual({ kind: "personal" });
    const shown = JSON.stringify([await removed.keys.list(), await removed.billing.balance(), await removed.usage.summary({})]);
    for (const secret of secretsOf(f)) expect(shown).not.toContain(secret);
  });
});

describe("inside an organization", () => {
  it("a key made there belongs to the wallet and names its maker; a developer sees and manages only their own keys and activity", async () => {
    const f = await createOrgFixture(handle.db, "dev-reach");
    const dev = callerFor(handle.db, f.members.developer, f.org.id);
    const { record } = await dev.keys.create({ name: "mine" });
    const [stored] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, record.id));
    expect(stored).toMatchObject({ userId: f.wallet, createdByUserId: f.members.developer.id });
    expect((await dev.keys.list()).map((k) => k.id)).toEqual([record.id]);
    expect(await dev.keys.rename({ id: record.id, name: "still mine" })).toMatchObject({ name: "still mine" });
    expect(await outcome(dev.keys.rename({ id: f.key.id, name: "not mine" }))).toBe("NOT_FOUND");
    // The fixture's request was made with the other developer's key: not in this developer's activity.
    expect((await dev.usage.summary({})).totals.requests).toBe(0);
    expect((await dev.usage.filterOptions()).keys.map((k) => k.id)).toEqual([record.id]);

    const owner = callerFor(handle.db, f.members.owner, f.org.id);
    expect((await owner.keys.list()).map((k) => k.id).sort()).toEqual([record.id, f.key.id].sort());
    expect((await owner.usage.summary({})).totals).toMatchObject({ requests: 1, costMicro: 1_000_000 });
    expect(await owner.billing.balance()).toMatchObject({ balanceMicro: 50_000_000 });
    // The owner's personal account is another account: none of it shows there.
    const personal = callerFor(handle.db, f.members.owner);
    expect(await personal.keys.list()).toEqual([]);
    expect(await personal.billing.balance()).toMatchObject({ balanceMicro: 0 });
  });

  it("personal keys stay personal: no maker recorded", async () => {
    const someone = await createPerson(handle.db, "personal");
    const { record } = await callerFor(handle.db, someone).keys.create({ name: "own" });
    expect(record.createdByUserId).toBeNull();
  });

  it("org.mine lists the user's organizations and the chosen one; acceptInvitation joins with the mailed token", async () => {
    const f = await createOrgFixture(handle.db, "mine");
    const invitee = await createPerson(handle.db, "joiner");
    const invitation = await callerFor(handle.db, f.members.admin, f.org.id).org.invite({ email: invitee.email, role: "billing", locale: "en" });
    expect(invitation).not.toHaveProperty("tokenHash");
    const [mail] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, invitee.email));
    const token = /\/invite\/([\w-]+)/.exec(mail!.text)![1]!;
    expect(await callerFor(handle.db, invitee).org.invitation({ token })).toMatchObject({ orgName: f.org.name, role: "billing", status: "pending" });
    expect(await callerFor(handle.db, invitee).org.acceptInvitation({ token })).toEqual({ orgId: f.org.id, role: "billing" });
    const mine = await callerFor(handle.db, invitee, f.org.id).org.mine();
    expect(mine).toEqual({ organizations: [{ id: f.org.id, name: f.org.name, role: "billing" }], current: { kind: "organization", orgId: f.org.id, role: "billing" } });
    expect(await outcome(callerFor(handle.db, f.members.admin, f.org.id).org.invite({ email: invitee.email, role: "owner" }))).toBe("FORBIDDEN");
  });
});
