import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, users } from "../../db/schema";

/** The organization's members, oldest first. */
export function listMembers(db: Db, orgId: string) {
  return db
    .select({
      userId: orgMembers.userId,
      email: users.email,
      name: users.name,
      role: orgMembers.role,
      monthlyLimitMicro: orgMembers.monthlyLimitMicro,
      createdAt: orgMembers.createdAt,
    })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(eq(orgMembers.orgId, orgId))
    .orderBy(asc(orgMembers.createdAt), asc(users.email));
}
