import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgInvitations } from "../../db/schema";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

/** The organization's invitations, newest first, with their status; never the token's hash. */
export async function listInvitations(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: orgInvitations.id,
      email: orgInvitations.email,
      role: orgInvitations.role,
      invitedByUserId: orgInvitations.invitedByUserId,
      expiresAt: orgInvitations.expiresAt,
      acceptedAt: orgInvitations.acceptedAt,
      revokedAt: orgInvitations.revokedAt,
      createdAt: orgInvitations.createdAt,
    })
    .from(orgInvitations)
    .where(eq(orgInvitations.orgId, orgId))
    .orderBy(desc(orgInvitations.createdAt))
    .limit(200);
  return rows.map((row) => ({ ...row, status: invitationStatus(row) }));
}
