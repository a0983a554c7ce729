import type { Db } from "../../db";
import { orgMembers, type OrgRole } from "../../db/schema";
import { OrgError } from "./org-error";

/** Adds a user to an organization (an accepted invitation, or the CLI); already_member when they are one. */
export async function addMember(db: Pick<Db, "insert">, input: { orgId: string; userId: string; role: OrgRole }): Promise<void> {
  const inserted = await db.insert(orgMembers).values(input).onConflictDoNothing().returning({ userId: orgMembers.userId });
  if (inserted.length === 0) throw new OrgError("already_member");
}
