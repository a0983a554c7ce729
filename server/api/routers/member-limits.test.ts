import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { orgMembers, type OrgRole } from "../../db/schema";
import { addMember } from "../../services/organizations/add-member";
import { createOrganization } from "../../services/organizations/create-organization";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";
import { createCaller } from "../root";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle?.close());

/** An organization with one member of each role, and a caller for each acting in it. */
async function organization() {
  const owner = (await createTestUser(handle)).user;
  const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Limits ${crypto.randomUUID().slice(0, 8)}` });
  const members: Partial<Record<OrgRole, { id: string; email: string }>> = { owner };
  for (const role of ["admin", "developer", "billing", "viewer"] as const) {
    const { user } = await createTestUser(handle);
    await addMember(handle.db, { orgId: org.id, userId: user.id, role });
    members[role] = user;
  }
  const all = members as Record<OrgRole, { id: string; email: string }>;
  const callerOf = (role: OrgRole, orgId = org.id) =>
    createCaller({ db: handle.db, user: { id: all[role].id, email: all[role].email, role: "user" }, requestedAccount: orgId });
  return { org, members: all, callerOf };
}

async function limitOf(orgId: string, userId: string) {
  const [row] = await handle.db
    .select({ limit: orgMembers.monthlyLimitMicro })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
  return row?.limit;
}

describe("memberLimits.set", () => {
  it("lets owners and admins set and clear a member's monthly limit, and no other role", async () => {
    const { org, members, callerOf } = await organization();
    const developer = members.developer.id;
    expect(await callerOf("owner").memberLimits.set({ userId: developer, limitRub: "1500,50" })).toEqual({ limitMicro: 1_500_500_000 });
    expect(await limitOf(org.id, developer)).toBe(1_500_500_000);
    await callerOf("owner").memberLimits.set({ userId: members.owner.id, limitRub: "10" });
    expect(await limitOf(org.id, members.owner.id)).toBe(10_000_000);
    // An admin manages every role but the owner's.
    const refused = await errorOf(callerOf("admin").memberLimits.set({ userId: members.owner.id, limitRub: null }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "owner_only"]);
    expect(await limitOf(org.id, members.owner.id)).toBe(10_000_000);
    await callerOf("admin").memberLimits.set({ userId: developer, limitRub: null });
    expect(await limitOf(org.id, developer)).toBeNull();
    for (const role of ["developer", "billing", "viewer"] as const) {
      const err = await errorOf(callerOf(role).memberLimits.set({ userId: developer, limitRub: "1" }));
      expect([err.code, err.message]).toEqual(["FORBIDDEN", "role_forbidden"]);
    }
    expect(await limitOf(org.id, developer)).toBeNull();
  });

  it("refuses amounts that are not whole kopecks within the bounds", async () => {
    const { members, callerOf } = await organization();
    for (const limitRub of ["0", "-5", "1.001", "abc", "1000000.01"])
      expect((await errorOf(callerOf("owner").memberLimits.set({ userId: members.developer.id, limitRub }))).code).toBe("BAD_REQUEST");
  });

  it("touches no other organization: its members are not found, and acting in it without membership is refused", async () => {
    const a = await organization();
    const b = await organization();
    const err = await errorOf(a.callerOf("owner").memberLimits.set({ userId: b.members.developer.id, limitRub: "1" }));
    expect([err.code, err.message]).toEqual(["NOT_FOUND", "member_not_found"]);
    // A's owner naming B as the account acts for their personal account, which has no members.
    const forged = await errorOf(a.callerOf("owner", b.org.id).memberLimits.set({ userId: b.members.developer.id, limitRub: "1" }));
    expect(forged.code).toBe("BAD_REQUEST");
    expect(await limitOf(b.org.id, b.members.developer.id)).toBeNull();
  });
});
