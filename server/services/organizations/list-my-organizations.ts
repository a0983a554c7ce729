import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, organizations } from "../../db/schema";

/** The organizations the user is a member of, with their role (the portal's account switcher). */
export function listMyOrganizations(db: Db, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(eq(orgMembers.userId, userId))
    .orderBy(asc(organizations.name));
}
