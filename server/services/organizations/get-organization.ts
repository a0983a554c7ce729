import { count, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, organizations, users } from "../../db/schema";

/** An organization with its wallet's balance and its number of members. */
export async function getOrganization(db: Db, orgId: string) {
  const [org] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      walletUserId: organizations.walletUserId,
      balanceMicro: users.balanceMicro,
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .innerJoin(users, eq(users.id, organizations.walletUserId))
    .where(eq(organizations.id, orgId));
  if (!org) return undefined;
  const [members] = await db.select({ n: count() }).from(orgMembers).where(eq(orgMembers.orgId, orgId));
  return { ...org, members: members!.n };
}
