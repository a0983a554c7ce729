import { newOneTimeToken } from "../../auth/one-time-token";
import { publicUrl } from "../../core/public-url";
import type { Db } from "../../db";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { orgInvitations, orgMembers, users, type OrgRole } from "../../db/schema";
import { newId } from "../../ids";
import { sendMail } from "../mail/send-mail";
import { normalizeEmail } from "../users/create-user";
import { invitationMail } from "./invitation-mail";
import { OrgError } from "./org-error";
import { lockOrganization } from "./owners";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Pending invitations an organization may have at once (revoke some, or wait for them to expire, to send more). */
export const MAX_PENDING_INVITATIONS = 50;

/** The page an invitation link opens (it leads through login or sign-up and back). */
export const invitationLink = (token: string) => `${publicUrl()}/invite/${token}`;

/**
 * Invites an address: mails a link with a one-time token (only its hash is kept), valid for 7 days and revocable.
 * Returns the invitation and the link (the CLI and tests use it; the portal shows neither the token nor the link).
 */
export async function inviteMember(
  db: Db,
  input: { orgId: string; email: string; role: OrgRole; invitedByUserId: string; locale: "ru" | "en" },
) {
  const email = normalizeEmail(input.email);
  const { token, hash } = newOneTimeToken();
  const { org, invitation } = await db.transaction(async (tx) => {
    const org = await lockOrganization(tx, input.orgId);
    const [member] = await tx
      .select({ userId: orgMembers.userId })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, input.orgId), eq(users.email, email)));
    if (member) throw new OrgError("already_member");
    const [pending] = await tx
      .select({ n: count() })
      .from(orgInvitations)
      .where(
        and(
          eq(orgInvitations.orgId, input.orgId),
          isNull(orgInvitations.acceptedAt),
          isNull(orgInvitations.revokedAt),
          gt(orgInvitations.expiresAt, new Date()),
        ),
      );
    if (pending!.n >= MAX_PENDING_INVITATIONS) throw new OrgError("too_many_pending_invitations");
    const [invitation] = await tx
      .insert(orgInvitations)
      .values({
        id: newId("oinv"),
        orgId: input.orgId,
        email,
        role: input.role,
        tokenHash: hash,
        invitedByUserId: input.invitedByUserId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    return { org, invitation: invitation! };
  });
  const link = invitationLink(token);
  await sendMail(db, invitationMail(email, org.name, input.role, link, input.locale));
  const { tokenHash: _hidden, ...shown } = invitation;
  return { invitation: shown, link };
}
