import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { orgInvitations } from "../../db/schema";

/** Revokes a pending invitation of the organization; false when it has none such (or it was already used). */
export async function revokeInvitation(db: Db, orgId: string, invitationId: string): Promise<boolean> {
  const rows = await db
    .update(orgInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(orgInvitations.id, invitationId),
        eq(orgInvitations.orgId, orgId),
        isNull(orgInvitations.acceptedAt),
        isNull(orgInvitations.revokedAt),
      ),
    )
    .returning({ id: orgInvitations.id });
  return rows.length > 0;
}
