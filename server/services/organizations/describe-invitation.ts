import { eq } from "drizzle-orm";
import { hashOneTimeToken } from "../../auth/one-time-token";
import type { Db } from "../../db";
import { orgInvitations, organizations } from "../../db/schema";
import { invitationStatus } from "./list-invitations";

/** What an invitation link offers (the invite page shows it before sign-in); undefined for an unknown token. */
export async function describeInvitation(db: Db, token: string) {
  const [row] = await db
    .select({
      orgName: organizations.name,
      email: orgInvitations.email,
      role: orgInvitations.role,
      expiresAt: orgInvitations.expiresAt,
      acceptedAt: orgInvitations.acceptedAt,
      revokedAt: orgInvitations.revokedAt,
    })
    .from(orgInvitations)
    .innerJoin(organizations, eq(organizations.id, orgInvitations.orgId))
    .where(eq(orgInvitations.tokenHash, hashOneTimeToken(token)));
  if (!row) return undefined;
  return { orgName: row.orgName, email: row.email, role: row.role, expiresAt: row.expiresAt, status: invitationStatus(row) };
}
