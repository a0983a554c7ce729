import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, orgMembers, type OrgRole } from "../../db/schema";
import { OrgError } from "./org-error";
import { assertAnotherOwner, lockOrganization, memberOf } from "./owners";
import { cancelKeyBatches } from "../batches/batches";
import { mayManageRole } from "./permissions";
import { revokeSentInvitations } from "./revoke-sent-invitations";

export interface RemoveMemberInput {
  orgId: string;
  userId: string;
  /** The role of whoever removes them; absent when members leave on their own. */
  actorRole?: OrgRole;
  /** Another member to hand the leaver's organization keys to; without one the keys are disabled. */
  reassignToUserId?: string;
}

/**
 * Takes a member out of the organization (removed by an owner or admin, or leaving). The keys they made in it stop
 * working (disabled; the gateway notices within 5 s) or pass to another member. The last owner can do neither.
 * Their open batches on the disabled keys are cancelled, and the invitations they sent revoked.
 * Returns how many keys were disabled or reassigned.
 */
export async function removeMember(db: Db, input: RemoveMemberInput): Promise<{ keys: number; reassigned: boolean }> {
  const removed = await db.transaction(async (tx) => {
    const org = await lockOrganization(tx, input.orgId);
    const member = await memberOf(tx, input.orgId, input.userId);
    if (input.actorRole && !mayManageRole(input.actorRole, member.role)) throw new OrgError("owner_only");
    await assertAnotherOwner(tx, input.orgId, input.userId);
    if (input.reassignToUserId !== undefined) {
      if (input.reassignToUserId === input.userId) throw new OrgError("reassign_target_invalid");
      await memberOf(tx, input.orgId, input.reassignToUserId).catch(() => {
        throw new OrgError("reassign_target_invalid");
      });
    }
    const theirKeys = and(eq(apiKeys.userId, org.walletUserId), eq(apiKeys.createdByUserId, input.userId));
    const keys = input.reassignToUserId
      ? await tx.update(apiKeys).set({ createdByUserId: input.reassignToUserId }).where(theirKeys).returning({ id: apiKeys.id })
      : await tx
          .update(apiKeys)
          .set({ disabledAt: new Date(), disabledReason: "member_removed" })
          .where(and(theirKeys, isNull(apiKeys.disabledAt), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id });
    await tx.delete(orgMembers).where(and(eq(orgMembers.orgId, input.orgId), eq(orgMembers.userId, input.userId)));
    await revokeSentInvitations(tx, input.orgId, input.userId, null);
    return { keyIds: keys.map((k) => k.id), reassigned: input.reassignToUserId !== undefined };
  });
  // Their disabled keys' batches stop too (the worker would refuse their lines anyway).
  if (!removed.reassigned) await cancelKeyBatches(db, removed.keyIds);
  return { keys: removed.keyIds.length, reassigned: removed.reassigned };
}
