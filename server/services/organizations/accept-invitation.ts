import { and, eq } from "drizzle-orm";
import { hashOneTimeToken } from "../../auth/one-time-token";
import type { Db } from "../../db";
import { orgInvitations, orgMembers, users } from "../../db/schema";
import { addMember } from "./add-member";
import { invitationStatus } from "./list-invitations";
import { OrgError } from "./org-error";
import { lockOrganization } from "./owners";
import { mayInvite } from "./permissions";

/**
 * The signed-in user accepts an invitation: once, before it expires or is revoked, and only with the address it
 * was sent to (a forwarded link admits no one else), while its sender may still grant the role. Returns the organization joined.
 */
export async function acceptInvitation(db: Db, input: { token: string; userId: string }): Promise<{ orgId: string; role: string }> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(orgInvitations)
      .where(eq(orgInvitations.tokenHash, hashOneTimeToken(input.token)))
      .for("update");
    if (!invitation || invitationStatus(invitation) !== "pending") throw new OrgError("invitation_invalid");
    await lockOrganization(tx, invitation.orgId);
    // The sender must still be a member who may grant the role (removed or demoted since, the link is void).
    const [inviter] = invitation.invitedByUserId
      ? await tx
          .select({ role: orgMembers.role })
          .from(orgMembers)
          .where(and(eq(orgMembers.orgId, invitation.orgId), eq(orgMembers.userId, invitation.invitedByUserId)))
      : [];
    if (!inviter || !mayInvite(inviter.role, invitation.role)) throw new OrgError("invitation_invalid");
    const [user] = await tx.select({ email: users.email, kind: users.kind }).from(users).where(eq(users.id, input.userId));
    if (!user || user.kind !== "person") throw new OrgError("user_not_found");
    if (user.email !== invitation.email) throw new OrgError("invitation_other_email");
    await addMember(tx, { orgId: invitation.orgId, userId: input.userId, role: invitation.role });
    await tx.update(orgInvitations).set({ acceptedAt: new Date() }).where(eq(orgInvitations.id, invitation.id));
    return { orgId: invitation.orgId, role: invitation.role };
  });
}
