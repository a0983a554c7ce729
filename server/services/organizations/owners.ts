import { and, count, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, organizations } from "../../db/schema";
import { OrgError } from "./org-error";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Locks the organization's row for the rest of the transaction: membership changes of one organization run one
 * at a time, so two owners leaving at once cannot both pass the last-owner check.
 */
export async function lockOrganization(tx: Tx, orgId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for("update");
  if (!org) throw new OrgError("org_not_found");
  return org;
}

/** The member's row (locked organization assumed), or member_not_found. */
export async function memberOf(tx: Tx, orgId: string, userId: string) {
  const [member] = await tx.select().from(orgMembers).where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
  if (!member) throw new OrgError("member_not_found");
  return member;
}

/** Refuses a change that would take away the organization's only owner (`userId` is about to stop being one). */
export async function assertAnotherOwner(tx: Tx, orgId: string, userId: string): Promise<void> {
  const member = await memberOf(tx, orgId, userId);
  if (member.role !== "owner") return;
  const [owners] = await tx
    .select({ n: count() })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, "owner")));
  if (owners!.n <= 1) throw new OrgError("last_owner");
}
