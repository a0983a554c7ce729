import { and, asc, eq, isNull } from "drizzle-orm";
import { verifyPassword } from "../../auth/password";
import type { Db } from "../../db";
import { apiKeys, orgMembers, organizations, requests, users } from "../../db/schema";
import { OrgError } from "../organizations/org-error";
import { soleOwnedOrganizations } from "../organizations/sole-owned-organizations";

/**
 * Deletes the account, after the password is confirmed: its request log (which has no foreign key) and, by
 * cascade, its keys, sessions, memberships and the rest of its history. The only owner of an organization cannot
 * go (OrgError `last_owner`): the organization and its wallet would be left without one.
 */
export async function deleteAccount(db: Db, userId: string, password: string): Promise<boolean> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return false;
  await db.transaction(async (tx) => {
    // The organizations they own are locked (in id order, as membership changes lock them) before the check, so two
    // co-owners deleting their accounts at once cannot both see the other as the remaining owner.
    await tx
      .select({ id: organizations.id })
      .from(orgMembers)
      .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
      .where(and(eq(orgMembers.userId, userId), eq(orgMembers.role, "owner")))
      .orderBy(asc(organizations.id))
      .for("update", { of: organizations });
    if ((await soleOwnedOrganizations(tx, userId)).length > 0) throw new OrgError("last_owner");
    // The keys they made in organizations outlive them (the wallet owns them) but stop working, as on leaving.
    await tx.update(apiKeys).set({ disabledAt: new Date(), disabledReason: "member_removed" }).where(and(eq(apiKeys.createdByUserId, userId), isNull(apiKeys.disabledAt)));
    await tx.delete(requests).where(eq(requests.userId, userId));
    await tx.delete(users).where(eq(users.id, userId));
  });
  return true;
}
