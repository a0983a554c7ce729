import { createCaller } from "../api/root";
import type { Db } from "../db";
import { requests, type OrgRole } from "../db/schema";
import { newId } from "../ids";
import { bookTestRow } from "../services/billing/statement-test-helpers";
import { createKey } from "../services/keys/create-key";
import { registerClient } from "../services/oauth/register-client";
import { addMember } from "../services/organizations/add-member";
import { createOrganization } from "../services/organizations/create-organization";
import { inviteMember } from "../services/organizations/invite-member";
import { createUser } from "../services/users/create-user";

export const MEMBER_ROLES: OrgRole[] = ["owner", "admin", "developer", "billing", "viewer"];

type Person = { id: string; email: string };

/** A portal caller for `user` with the account switcher's cookie set to `account` (an org id; undefined: personal). */
export function callerFor(db: Db, user: Person, account?: string) {
  return createCaller({ db, user: { id: user.id, email: user.email, role: "user" }, requestedAccount: account });
}

export async function createPerson(db: Db, label = "member"): Promise<Person> {
  const user = await createUser(db, { email: `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`, emailVerified: new Date() });
  return { id: user.id, email: user.email };
}

/**
 * An organization with one member of each role, a second developer (`target`) who made a key that has spent,
 * a funded wallet, a pending invitation and an OAuth app: everything the portal's procedures act on.
 */
export async function createOrgFixture(db: Db, label = "org") {
  const members = {} as Record<OrgRole, Person>;
  for (const role of MEMBER_ROLES) members[role] = await createPerson(db, `${label}-${role}`);
  const target = await createPerson(db, `${label}-target`);
  const org = await createOrganization(db, { ownerUserId: members.owner.id, name: `${label} ${crypto.randomUUID()}` });
  for (const role of MEMBER_ROLES.filter((r) => r !== "owner")) await addMember(db, { orgId: org.id, userId: members[role].id, role });
  await addMember(db, { orgId: org.id, userId: target.id, role: "developer" });
  const wallet = org.walletUserId;
  const { record: key } = await createKey(db, { userId: wallet, createdByUserId: target.id, name: `${label} target key` });
  const model = `orgtest/${label}-${crypto.randomUUID().slice(0, 8)}`;
  await db.insert(requests).values({ id: newId("req"), userId: wallet, keyId: key.id, endpoint: "chat", model, status: 200, costMicro: 1_000_000, latencyMs: 5 });
  await bookTestRow(db, { userId: wallet, kind: "topup", amountMicro: 50_000_000 });
  const { invitation } = await inviteMember(db, {
    orgId: org.id,
    email: `${label}-invitee-${crypto.randomUUID().slice(0, 8)}@example.test`,
    role: "viewer",
    invitedByUserId: members.owner.id,
    locale: "en",
  });
  const app = await registerClient(db, wallet, { name: `${label} app`, redirectUris: ["https://app.example.test/cb"], type: "confidential" });
  return { org, wallet, members, target, key, model, invitation, app };
}

export type OrgFixture = Awaited<ReturnType<typeof createOrgFixture>>;
