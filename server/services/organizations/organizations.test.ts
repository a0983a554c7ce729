import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { apiKeys, ledger, mailOutbox, orgInvitations, orgMembers, users } from "../../db/schema";
import { newId } from "../../ids";
import { databaseKinds } from "../../testing/databases";
import { createOrgFixture, createPerson } from "../../testing/organizations";
import { openTrpcTestDb } from "../../testing/trpc";
import { deleteAccount } from "../accounts/delete-account";
import { checkLedger } from "../billing/check-ledger";
import { checkLowBalance } from "../billing/low-balance";
import { bookTestRow } from "../billing/statement-test-helpers";
import { createKey } from "../keys/create-key";
import { createUser } from "../users/create-user";
import { acceptInvitation } from "./accept-invitation";
import { addMember } from "./add-member";
import { createOrganization, walletEmail } from "./create-organization";
import { describeInvitation } from "./describe-invitation";
import { INVITATION_TTL_MS, inviteMember, MAX_PENDING_INVITATIONS } from "./invite-member";
import { leaveOrganization } from "./leave-organization";
import { OrgError } from "./org-error";
import { removeMember } from "./remove-member";
import { revokeInvitation } from "./revoke-invitation";
import { setMemberRole } from "./set-member-role";
import { transferOwnership } from "./transfer-ownership";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(OrgError);
    return (err as OrgError).code;
  }
  throw new Error("expected a refusal");
}

const roleOf = async (orgId: string, userId: string) =>
  (await handle.db.select({ role: orgMembers.role }).from(orgMembers).where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId))))[0]?.role;

/** Invites `email` and returns the token from the mailed link, as the invitee would click it. */
async function invite(orgId: string, by: string, email: string, role: "admin" | "developer" | "viewer" = "developer") {
  const { invitation, link } = await inviteMember(handle.db, { orgId, email, role, invitedByUserId: by, locale: "ru" });
  return { invitation, token: link.slice(link.lastIndexOf("/") + 1), link };
}

describe("creating an organization", () => {
  it("makes the creator owner and a wallet row of kind organization that cannot sign in and gets no welcome credit", async () => {
    const owner = await createPerson(handle.db, "creator");
    const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `  Ромашка ${crypto.randomUUID()}  ` });
    expect(org.id).toMatch(/^org_/);
    expect(org.name).toMatch(/^Ромашка /);
    const [wallet] = await handle.db.select().from(users).where(eq(users.id, org.walletUserId));
    expect(wallet).toMatchObject({ kind: "organization", email: walletEmail(org.id), passwordHash: null, balanceMicro: 0, emailVerified: null });
    expect(wallet!.email.endsWith(".invalid")).toBe(true);
    expect(await handle.db.select().from(ledger).where(eq(ledger.userId, org.walletUserId))).toEqual([]);
    expect(await roleOf(org.id, owner.id)).toBe("owner");
  });

  it("refuses a taken or blank name", async () => {
    const owner = await createPerson(handle.db);
    const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Taken ${crypto.randomUUID()}` });
    expect(await refusal(createOrganization(handle.db, { ownerUserId: owner.id, name: org.name }))).toBe("org_name_taken");
    expect(await refusal(createOrganization(handle.db, { ownerUserId: owner.id, name: "   " }))).toBe("org_name_invalid");
  });
});

describe("invitations", () => {
  it("mails a link whose token is stored only as its hash, valid 7 days, accepted once by the invited address", async () => {
    const owner = await createPerson(handle.db, "inviter");
    const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Inv ${crypto.randomUUID()}` });
    const invitee = await createPerson(handle.db, "invitee");
    const { invitation, token, link } = await invite(org.id, owner.id, invitee.email.toUpperCase(), "admin");
    expect(invitation.email).toBe(invitee.email);
    expect(invitation).not.toHaveProperty("tokenHash");
    expect(invitation.expiresAt.getTime() - Date.now()).toBeGreaterThan(INVITATION_TTL_MS - 60_000);
    const [stored] = await handle.db.select().from(orgInvitations).where(eq(orgInvitations.id, invitation.id));
    expect(stored!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    const mails = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, invitee.email));
    expect(mails.at(-1)!.text).toContain(link);
    expect(mails.at(-1)!.subject).toContain(org.name);

    expect(await describeInvitation(handle.db, token)).toMatchObject({ orgName: org.name, role: "admin", status: "pending" });
    const stranger = await createPerson(handle.db, "stranger");
    expect(await refusal(acceptInvitation(handle.db, { token, userId: stranger.id }))).toBe("invitation_other_email");
    expect(await acceptInvitation(handle.db, { token, userId: invitee.id })).toEqual({ orgId: org.id, role: "admin" });
    expect(await roleOf(org.id, invitee.id)).toBe("admin");
    expect(await refusal(acceptInvitation(handle.db, { token, userId: invitee.id }))).toBe("invitation_invalid");
    expect(await describeInvitation(handle.db, token)).toMatchObject({ status: "accepted" });
    expect(await refusal(invite(org.id, owner.id, invitee.email))).toBe("already_member");
  });

  it("a revoked, expired or unknown invitation admits no one", async () => {
    const owner = await createPerson(handle.db);
    const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Rev ${crypto.randomUUID()}` });
    const invitee = await createPerson(handle.db);
    const revoked = await invite(org.id, owner.id, invitee.email);
    expect(await revokeInvitation(handle.db, org.id, revoked.invitation.id)).toBe(true);
    expect(await revokeInvitation(handle.db, org.id, revoked.invitation.id)).toBe(false);
    expect(await refusal(acceptInvitation(handle.db, { token: revoked.token, userId: invitee.id }))).toBe("invitation_invalid");

    const expired = await invite(org.id, owner.id, invitee.email);
    await handle.db.update(orgInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(orgInvitations.id, expired.invitation.id));
    expect(await refusal(acceptInvitation(handle.db, { token: expired.token, userId: invitee.id }))).toBe("invitation_invalid");
    expect(await describeInvitation(handle.db, expired.token)).toMatchObject({ status: "expired" });

    expect(await refusal(acceptInvitation(handle.db, { token: "x".repeat(43), userId: invitee.id }))).toBe("invitation_invalid");
    expect(await roleOf(org.id, invitee.id)).toBeUndefined();
  });

  it("another organization cannot revoke this one's invitation", async () => {
    const f = await createOrgFixture(handle.db, "rev-a");
    const g = await createOrgFixture(handle.db, "rev-b");
    expect(await revokeInvitation(handle.db, g.org.id, f.invitation.id)).toBe(false);
  });
});

describe("roles and ownership", () => {
  it("only an owner makes or touches owners; the last owner keeps the role", async () => {
    const f = await createOrgFixture(handle.db, "roles");
    const base = { orgId: f.org.id };
    expect(await refusal(setMemberRole(handle.db, { ...base, actorRole: "admin", userId: f.target.id, role: "owner" }))).toBe("owner_only");
    expect(await refusal(setMemberRole(handle.db, { ...base, actorRole: "admin", userId: f.members.owner.id, role: "viewer" }))).toBe("owner_only");
    expect(await refusal(setMemberRole(handle.db, { ...base, actorRole: "owner", userId: f.members.owner.id, role: "admin" }))).toBe("last_owner");
    await setMemberRole(handle.db, { ...base, actorRole: "admin", userId: f.target.id, role: "billing" });
    expect(await roleOf(f.org.id, f.target.id)).toBe("billing");
    await setMemberRole(handle.db, { ...base, actorRole: "owner", userId: f.target.id, role: "owner" });
    await setMemberRole(handle.db, { ...base, actorRole: "owner", userId: f.members.owner.id, role: "viewer" });
    expect(await roleOf(f.org.id, f.members.owner.id)).toBe("viewer");
    expect(await refusal(setMemberRole(handle.db, { ...base, actorRole: "owner", userId: f.wallet, role: "viewer" }))).toBe("member_not_found");
  });

  it("transfers ownership (the old owner becomes admin), after which the old owner may leave but the new one may not", async () => {
    const f = await createOrgFixture(handle.db, "transfer");
    expect(await refusal(transferOwnership(handle.db, { orgId: f.org.id, fromUserId: f.members.admin.id, toUserId: f.target.id }))).toBe("owner_only");
    expect(await refusal(leaveOrganization(handle.db, f.org.id, f.members.owner.id))).toBe("last_owner");
    const outsider = await createPerson(handle.db);
    expect(await refusal(transferOwnership(handle.db, { orgId: f.org.id, fromUserId: f.members.owner.id, toUserId: outsider.id }))).toBe("member_not_found");
    await transferOwnership(handle.db, { orgId: f.org.id, fromUserId: f.members.owner.id, toUserId: f.members.viewer.id });
    expect(await roleOf(f.org.id, f.members.viewer.id)).toBe("owner");
    expect(await roleOf(f.org.id, f.members.owner.id)).toBe("admin");
    await leaveOrganization(handle.db, f.org.id, f.members.owner.id);
    expect(await roleOf(f.org.id, f.members.owner.id)).toBeUndefined();
    expect(await refusal(leaveOrganization(handle.db, f.org.id, f.members.viewer.id))).toBe("last_owner");
  });

  it("of two owners leaving at once, exactly one leaves", async () => {
    const f = await createOrgFixture(handle.db, "race");
    await setMemberRole(handle.db, { orgId: f.org.id, actorRole: "owner", userId: f.members.admin.id, role: "owner" });
    const results = await Promise.allSettled([
      leaveOrganization(handle.db, f.org.id, f.members.owner.id),
      leaveOrganization(handle.db, f.org.id, f.members.admin.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = await handle.db.select().from(orgMembers).where(and(eq(orgMembers.orgId, f.org.id), eq(orgMembers.role, "owner")));
    expect(owners).toHaveLength(1);
  });
});

describe("an organization's low-balance warning", () => {
  it("goes to the members who may pay, never to the wallet's address", async () => {
    const f = await createOrgFixture(handle.db, "low");
    await handle.db.update(users).set({ lowBalanceThresholdMicro: 100_000_000 }).where(eq(users.id, f.wallet));
    expect(await checkLowBalance(handle.db, [f.wallet])).toEqual([f.wallet]);
    const subjects = async (email: string) => (await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, email))).map((m) => m.subject);
    for (const role of ["owner", "admin", "billing"] as const) expect(await subjects(f.members[role].email)).toEqual([expect.stringContaining("100,00")]);
    for (const email of [f.members.developer.email, f.members.viewer.email, walletEmail(f.org.id)]) expect(await subjects(email)).toEqual([]);
  });
});

describe("deleting one's account", () => {
  it("the only owner of an organization cannot, until someone else owns it", async () => {
    const password = "a long enough password";
    const owner = await createUser(handle.db, { email: `deleter-${crypto.randomUUID().slice(0, 8)}@example.test`, password, emailVerified: new Date() });
    const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Del ${crypto.randomUUID()}` });
    const heir = await createPerson(handle.db, "heir");
    await addMember(handle.db, { orgId: org.id, userId: heir.id, role: "admin" });
    expect(await refusal(deleteAccount(handle.db, owner.id, password))).toBe("last_owner");
    await transferOwnership(handle.db, { orgId: org.id, fromUserId: owner.id, toUserId: heir.id });
    const { record: key } = await createKey(handle.db, { userId: org.walletUserId, createdByUserId: owner.id, name: "left behind" });
    expect(await deleteAccount(handle.db, owner.id, password)).toBe(true);
    expect(await roleOf(org.id, heir.id)).toBe("owner");
    const [kept] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(kept).toMatchObject({ userId: org.walletUserId, createdByUserId: null });
    expect(kept!.disabledAt).not.toBeNull();
  });
});

describe("removing a member", () => {
  it("disables the keys they made in the organization, and only those", async () => {
    const f = await createOrgFixture(handle.db, "remove");
    const { record: ownersKey } = await createKey(handle.db, { userId: f.wallet, createdByUserId: f.members.owner.id, name: "owner's" });
    const { record: personal } = await createKey(handle.db, { userId: f.target.id, name: "target's own" });
    expect(await removeMember(handle.db, { orgId: f.org.id, userId: f.target.id, actorRole: "admin" })).toEqual({ keys: 1, reassigned: false });
    const keyRow = async (id: string) => (await handle.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;
    expect((await keyRow(f.key.id)).disabledAt).not.toBeNull();
    expect((await keyRow(ownersKey.id)).disabledAt).toBeNull();
    expect((await keyRow(personal.id)).disabledAt).toBeNull();
    expect(await roleOf(f.org.id, f.target.id)).toBeUndefined();
  });

  it("or hands them to another member, who must be one", async () => {
    const f = await createOrgFixture(handle.db, "reassign");
    const outsider = await createPerson(handle.db);
    expect(await refusal(removeMember(handle.db, { orgId: f.org.id, userId: f.target.id, reassignToUserId: outsider.id }))).toBe("reassign_target_invalid");
    expect(await refusal(removeMember(handle.db, { orgId: f.org.id, userId: f.target.id, reassignToUserId: f.target.id }))).toBe("reassign_target_invalid");
    expect(await removeMember(handle.db, { orgId: f.org.id, userId: f.target.id, reassignToUserId: f.members.developer.id })).toEqual({ keys: 1, reassigned: true });
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, f.key.id));
    expect(key).toMatchObject({ createdByUserId: f.members.developer.id, disabledAt: null });
  });

  it("an admin cannot remove an owner; nobody removes the last owner", async () => {
    const f = await createOrgFixture(handle.db, "remove-owner");
    expect(await refusal(removeMember(handle.db, { orgId: f.org.id, userId: f.members.owner.id, actorRole: "admin" }))).toBe("owner_only");
    expect(await refusal(removeMember(handle.db, { orgId: f.org.id, userId: f.members.owner.id, actorRole: "owner" }))).toBe("last_owner");
  });

  it("adding someone twice is refused", async () => {
    const f = await createOrgFixture(handle.db, "twice");
    expect(await refusal(addMember(handle.db, { orgId: f.org.id, userId: f.target.id, role: "viewer" }))).toBe("already_member");
  });
});

// A database of its own: the check scans every balance, and this test breaks one on purpose.
describe.each(databaseKinds.filter(([kind]) => kind === "pglite"))("ledger check on %s covers organizations' wallets", (_kind, open) => {
  let own: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    own = await open();
  });
  afterAll(() => own.cleanup());

  it("counts wallets as organizations and names the organization of a wallet whose balance is off", async () => {
    const owner = await createPerson(own.db);
    const org = await createOrganization(own.db, { ownerUserId: owner.id, name: "Ledger Org" });
    await bookTestRow(own.db, { userId: org.walletUserId, kind: "topup", amountMicro: 12_340_000 });
    await bookTestRow(own.db, { userId: org.walletUserId, kind: "charge", amountMicro: -340_000 });
    const clean = await checkLedger(own.db);
    expect(clean).toMatchObject({ organizations: 1, users: 1, rows: 2, problems: [] });
    await own.db.update(users).set({ balanceMicro: 1 }).where(eq(users.id, org.walletUserId));
    expect((await checkLedger(own.db)).problems).toEqual([
      { userId: org.walletUserId, organization: "Ledger Org", problem: "balance_differs_from_ledger", detail: "balance 1, ledger sum 12000000" },
    ]);
  });
});

describe("invitations outlive no one's authority", () => {
  it("an admin's invitation dies when the admin is removed, and is refused at accept time if it slipped through", async () => {
    const f = await createOrgFixture(handle.db, "inv-authority");
    // The admin's own second address, invited as admin: a way to keep a foot in the door after removal.
    const secondUser = await createPerson(handle.db, "admin-second");
    const { invitation, token } = await invite(f.org.id, f.members.admin.id, secondUser.email, "admin");
    await removeMember(handle.db, { orgId: f.org.id, userId: f.members.admin.id, actorRole: "owner" });
    const [stored] = await handle.db.select().from(orgInvitations).where(eq(orgInvitations.id, invitation.id));
    expect(stored!.revokedAt).not.toBeNull();
    expect(await refusal(acceptInvitation(handle.db, { token, userId: secondUser.id }))).toBe("invitation_invalid");
    expect(await roleOf(f.org.id, secondUser.id)).toBeUndefined();
    // Even a pending row (revoked by nothing) needs a sender who still may grant the role when it is accepted.
    await handle.db.update(orgInvitations).set({ revokedAt: null }).where(eq(orgInvitations.id, invitation.id));
    expect(await refusal(acceptInvitation(handle.db, { token, userId: secondUser.id }))).toBe("invitation_invalid");
  });

  it("a demoted admin's invitations above their new role are revoked; a former owner's owner invitations too", async () => {
    const f = await createOrgFixture(handle.db, "inv-demote");
    const viewerInvite = await invite(f.org.id, f.members.admin.id, `v-${crypto.randomUUID().slice(0, 8)}@example.test`, "viewer");
    await setMemberRole(handle.db, { orgId: f.org.id, actorRole: "owner", userId: f.members.admin.id, role: "developer" });
    const invitee = await createPerson(handle.db, "demoted-invitee");
    await handle.db.update(orgInvitations).set({ email: invitee.email }).where(eq(orgInvitations.id, viewerInvite.invitation.id));
    expect(await refusal(acceptInvitation(handle.db, { token: viewerInvite.token, userId: invitee.id }))).toBe("invitation_invalid");

    const heir = f.members.billing;
    const { invitation: ownerInvite } = await inviteMember(handle.db, {
      orgId: f.org.id,
      email: `o-${crypto.randomUUID().slice(0, 8)}@example.test`,
      role: "owner",
      invitedByUserId: f.members.owner.id,
      locale: "en",
    });
    const adminInvite = await invite(f.org.id, f.members.owner.id, `a-${crypto.randomUUID().slice(0, 8)}@example.test`, "admin");
    await transferOwnership(handle.db, { orgId: f.org.id, fromUserId: f.members.owner.id, toUserId: heir.id });
    const status = async (id: string) => (await handle.db.select().from(orgInvitations).where(eq(orgInvitations.id, id)))[0]!.revokedAt;
    expect(await status(ownerInvite.id)).not.toBeNull();
    expect(await status(adminInvite.invitation.id)).toBeNull();
  });
});

describe("pending invitations", () => {
  it("are capped per organization", async () => {
    const f = await createOrgFixture(handle.db, "inv-cap");
    const pending = await handle.db.select().from(orgInvitations).where(eq(orgInvitations.orgId, f.org.id));
    await handle.db.insert(orgInvitations).values(
      Array.from({ length: MAX_PENDING_INVITATIONS - pending.length }, (_, i) => ({
        id: newId("oinv"),
        orgId: f.org.id,
        email: `cap-${i}-${crypto.randomUUID().slice(0, 8)}@example.test`,
        role: "viewer" as const,
        tokenHash: crypto.randomUUID(),
        invitedByUserId: f.members.owner.id,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })),
    );
    expect(await refusal(invite(f.org.id, f.members.owner.id, `over-${crypto.randomUUID().slice(0, 8)}@example.test`))).toBe(
      "too_many_pending_invitations",
    );
    await revokeInvitation(handle.db, f.org.id, f.invitation.id);
    await invite(f.org.id, f.members.owner.id, `room-${crypto.randomUUID().slice(0, 8)}@example.test`);
  });
});

describe("two co-owners deleting their accounts at once", () => {
  it("exactly one goes; the other is the last owner", async () => {
    const password = "a long enough password";
    const make = (label: string) =>
      createUser(handle.db, { email: `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`, password, emailVerified: new Date() });
    const [a, b] = [await make("co-a"), await make("co-b")];
    const org = await createOrganization(handle.db, { ownerUserId: a.id, name: `Co ${crypto.randomUUID()}` });
    await addMember(handle.db, { orgId: org.id, userId: b.id, role: "owner" });
    const results = await Promise.allSettled([deleteAccount(handle.db, a.id, password), deleteAccount(handle.db, b.id, password)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as OrgError).code).toBe("last_owner");
    const owners = await handle.db.select().from(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.role, "owner")));
    expect(owners).toHaveLength(1);
  });
});
