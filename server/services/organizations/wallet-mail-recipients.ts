import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { ORG_ROLES, orgMembers, organizations, users } from "../../db/schema";
import { roleCan } from "./permissions";

/** Who hears about an organization's money (its wallet's address reaches no one): the members who may pay. */
export async function walletMailRecipients(db: Db, walletUserId: string): Promise<string[]> {
  const payers = ORG_ROLES.filter((role) => roleCan(role, "billing.pay"));
  const rows = await db
    .select({ email: users.email, role: orgMembers.role })
    .from(organizations)
    .innerJoin(orgMembers, eq(orgMembers.orgId, organizations.id))
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(eq(organizations.walletUserId, walletUserId));
  return rows.filter((row) => (payers as string[]).includes(row.role)).map((row) => row.email);
}
