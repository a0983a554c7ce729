import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, organizations } from "../../db/schema";

/** The organizations whose only owner is `userId` (who therefore may not go: transfer ownership first). */
export async function soleOwnedOrganizations(db: Pick<Db, "select">, userId: string): Promise<{ id: string; name: string }[]> {
  const otherOwners = db
    .select({ n: sql`1` })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, organizations.id), eq(orgMembers.role, "owner"), sql`${orgMembers.userId} <> ${userId}`));
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(and(eq(orgMembers.userId, userId), eq(orgMembers.role, "owner"), sql`not exists (${otherOwners})`));
}
