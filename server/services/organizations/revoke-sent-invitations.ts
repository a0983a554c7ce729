import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { orgInvitations, ORG_ROLES, type OrgRole } from "../../db/schema";
import { mayInvite } from "./permissions";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Revokes the pending invitations `userId` sent in the organization that they could no longer send with `role`
 * (null: they are no longer a member), so an invitation never grants more than its sender now may.
 */
export async function revokeSentInvitations(tx: Tx, orgId: string, userId: string, role: OrgRole | null): Promise<void> {
  const beyond = ORG_ROLES.filter((invited) => !role || !mayInvite(role, invited));
  if (beyond.length === 0) return;
  await tx
    .update(orgInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(orgInvitations.orgId, orgId),
        eq(orgInvitations.invitedByUserId, userId),
        inArray(orgInvitations.role, beyond),
        isNull(orgInvitations.acceptedAt),
        isNull(orgInvitations.revokedAt),
      ),
    );
}
