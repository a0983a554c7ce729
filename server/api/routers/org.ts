import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ORG_ROLES } from "../../db/schema";
import { idInput } from "../../ids";
import { acceptInvitation } from "../../services/organizations/accept-invitation";
import { createOrganization } from "../../services/organizations/create-organization";
import { describeInvitation } from "../../services/organizations/describe-invitation";
import { getOrganization } from "../../services/organizations/get-organization";
import { inviteMember } from "../../services/organizations/invite-member";
import { leaveOrganization } from "../../services/organizations/leave-organization";
import { listInvitations } from "../../services/organizations/list-invitations";
import { listMembers } from "../../services/organizations/list-members";
import { listMyOrganizations } from "../../services/organizations/list-my-organizations";
import { OrgError, type OrgErrorCode } from "../../services/organizations/org-error";
import { limitInvitations, limitOrganizationCreation } from "../../services/organizations/org-rate-limits";
import { can, mayManageRole } from "../../services/organizations/permissions";
import { removeMember } from "../../services/organizations/remove-member";
import { revokeInvitation } from "../../services/organizations/revoke-invitation";
import { setMemberRole } from "../../services/organizations/set-member-role";
import { transferOwnership } from "../../services/organizations/transfer-ownership";
import { accountProcedure, orgProcedure } from "../account-procedure";
import { legalCall } from "../legal-errors";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

const role = z.enum(ORG_ROLES, { message: "role must be owner, admin, developer, billing or viewer" });
const userId = idInput("usr");
const token = z.string().min(20).max(200);

const ERROR_CODES: Record<OrgErrorCode, TRPCError["code"]> = {
  org_name_invalid: "BAD_REQUEST",
  org_name_taken: "CONFLICT",
  org_not_found: "NOT_FOUND",
  member_not_found: "NOT_FOUND",
  already_member: "CONFLICT",
  last_owner: "BAD_REQUEST",
  owner_only: "FORBIDDEN",
  invitation_invalid: "NOT_FOUND",
  invitation_other_email: "FORBIDDEN",
  reassign_target_invalid: "BAD_REQUEST",
  user_not_found: "NOT_FOUND",
  too_many_invitations: "TOO_MANY_REQUESTS",
  too_many_pending_invitations: "TOO_MANY_REQUESTS",
  too_many_organizations: "TOO_MANY_REQUESTS",
};

/** Runs a service, answering its OrgError in tRPC's shape (the message is the code the portal translates). */
async function orgCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof OrgError) throw new TRPCError({ code: ERROR_CODES[err.code], message: err.code, cause: err });
    throw err;
  }
}

/**
 * Organizations: the ones the user belongs to and making new ones act for the person; everything else acts on the
 * organization chosen in the switcher (`xr-account`), by the role the user holds there (docs/organizations.md).
 */
export const orgRouter = createTRPCRouter({
  /** The user's organizations and the account the portal acts for now (the switcher). */
  mine: accountProcedure.query(async ({ ctx }) => ({
    organizations: await listMyOrganizations(ctx.db, ctx.user.id),
    current: ctx.account.kind === "organization" ? { kind: "organization" as const, orgId: ctx.account.orgId, role: ctx.account.role } : { kind: "personal" as const },
  })),

  /** A new organization with the user as owner and an empty wallet; the creator accepts the offer's current version. */
  create: protectedProcedure
    .input(z.object({ name: z.string().max(200), offerVersion: z.number().int().positive() }))
    .mutation(({ ctx, input }) =>
      legalCall(() =>
        orgCall(async () => {
          await limitOrganizationCreation(ctx.user.id);
          return createOrganization(ctx.db, {
            ownerUserId: ctx.user.id,
            name: input.name,
            offer: { version: input.offerVersion, ip: ctx.source?.ip ?? null },
          });
        }),
      ),
    ),

  /** The chosen organization; its balance only for roles that read the money. */
  get: orgProcedure.need("org.read").query(async ({ ctx }) => {
    const org = await getOrganization(ctx.db, ctx.account.orgId);
    if (!org) throw new TRPCError({ code: "NOT_FOUND", message: "org_not_found" });
    const { walletUserId: _wallet, balanceMicro, ...shown } = org;
    return { ...shown, role: ctx.account.role, balanceMicro: can(ctx.account, "billing.read") ? balanceMicro : null };
  }),

  members: orgProcedure.need("org.read").query(({ ctx }) => listMembers(ctx.db, ctx.account.orgId)),

  /** Mails an invitation link (7 days, one use); only an owner invites owners. Limited per day (org-rate-limits). */
  invite: orgProcedure
    .need("members.manage")
    .input(z.object({ email: z.email("email is invalid").max(320), role, locale: z.enum(["ru", "en"]).default("ru") }))
    .mutation(async ({ ctx, input }) => {
      if (!mayManageRole(ctx.account.role, input.role)) throw new TRPCError({ code: "FORBIDDEN", message: "owner_only" });
      const { invitation } = await orgCall(async () => {
        await limitInvitations(ctx.account.orgId, ctx.user.id);
        return inviteMember(ctx.db, { orgId: ctx.account.orgId, invitedByUserId: ctx.user.id, ...input });
      });
      return invitation;
    }),

  invitations: orgProcedure.need("members.manage").query(({ ctx }) => listInvitations(ctx.db, ctx.account.orgId)),

  revokeInvitation: orgProcedure
    .need("members.manage")
    .input(z.object({ id: idInput("oinv") }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeInvitation(ctx.db, ctx.account.orgId, input.id))) throw new TRPCError({ code: "NOT_FOUND", message: "invitation_invalid" });
      return { ok: true };
    }),

  /** What an invitation link offers, for its page before sign-in (the token is the secret). */
  invitation: publicProcedure.input(z.object({ token })).query(async ({ ctx, input }) => {
    const invitation = await describeInvitation(ctx.db, input.token);
    if (!invitation) throw new TRPCError({ code: "NOT_FOUND", message: "invitation_invalid" });
    return invitation;
  }),

  /** The signed-in user joins with an invitation sent to their address; the portal may then switch to the organization. */
  acceptInvitation: protectedProcedure
    .input(z.object({ token }))
    .mutation(({ ctx, input }) => orgCall(() => acceptInvitation(ctx.db, { token: input.token, userId: ctx.user.id }))),

  setRole: orgProcedure
    .need("members.manage")
    .input(z.object({ userId, role }))
    .mutation(async ({ ctx, input }) => {
      await orgCall(() => setMemberRole(ctx.db, { orgId: ctx.account.orgId, actorRole: ctx.account.role, ...input }));
      return { ok: true };
    }),

  /** The owner makes another member owner and becomes admin. */
  transferOwnership: orgProcedure
    .need("org.transfer")
    .input(z.object({ userId }))
    .mutation(async ({ ctx, input }) => {
      await orgCall(() => transferOwnership(ctx.db, { orgId: ctx.account.orgId, fromUserId: ctx.user.id, toUserId: input.userId }));
      return { ok: true };
    }),

  /** Leaves the chosen organization (its keys the user made are disabled); the last owner cannot. */
  leave: orgProcedure.mutation(({ ctx }) => orgCall(() => leaveOrganization(ctx.db, ctx.account.orgId, ctx.user.id))),

  /** Removes a member: the keys they made are disabled, or handed to `reassignTo`. */
  removeMember: orgProcedure
    .need("members.manage")
    .input(z.object({ userId, reassignTo: userId.optional() }))
    .mutation(({ ctx, input }) =>
      orgCall(() =>
        removeMember(ctx.db, { orgId: ctx.account.orgId, userId: input.userId, actorRole: ctx.account.role, reassignToUserId: input.reassignTo }),
      ),
    ),
});
