import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, type OrgRole } from "../../db/schema";
import { OrgError } from "./org-error";
import { assertAnotherOwner, lockOrganization, memberOf } from "./owners";
import { mayManageRole } from "./permissions";
import { revokeSentInvitations } from "./revoke-sent-invitations";

/** Changes a member's role. Only an owner touches owners; the last owner keeps the role (transfer ownership first).
 * Invitations they sent that their new role could not send are revoked. */
export async function setMemberRole(db: Db, input: { orgId: string; actorRole: OrgRole; userId: string; role: OrgRole }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOrganization(tx, input.orgId);
    const member = await memberOf(tx, input.orgId, input.userId);
    if (!mayManageRole(input.actorRole, member.role) || !mayManageRole(input.actorRole, input.role)) throw new OrgError("owner_only");
    if (input.role !== "owner") await assertAnotherOwner(tx, input.orgId, input.userId);
    await tx
      .update(orgMembers)
      .set({ role: input.role })
      .where(and(eq(orgMembers.orgId, input.orgId), eq(orgMembers.userId, input.userId)));
    await revokeSentInvitations(tx, input.orgId, input.userId, input.role);
  });
}
