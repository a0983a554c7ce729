import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers } from "../../db/schema";
import { OrgError } from "./org-error";
import { lockOrganization, memberOf } from "./owners";
import { revokeSentInvitations } from "./revoke-sent-invitations";

/** The owner hands ownership to another member and stays on as admin (the owner invitations they sent are revoked). */
export async function transferOwnership(db: Db, input: { orgId: string; fromUserId: string; toUserId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOrganization(tx, input.orgId);
    const from = await memberOf(tx, input.orgId, input.fromUserId);
    if (from.role !== "owner") throw new OrgError("owner_only");
    if (input.toUserId === input.fromUserId) throw new OrgError("member_not_found");
    await memberOf(tx, input.orgId, input.toUserId);
    const setRole = (userId: string, role: "owner" | "admin") =>
      tx.update(orgMembers).set({ role }).where(and(eq(orgMembers.orgId, input.orgId), eq(orgMembers.userId, userId)));
    await setRole(input.toUserId, "owner");
    await setRole(input.fromUserId, "admin");
    await revokeSentInvitations(tx, input.orgId, input.fromUserId, "admin");
  });
}
