import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { organizations } from "../../db/schema";

/** The organization named exactly `name` (the CLI's way to point at one). */
export async function findOrganizationByName(db: Db, name: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.name, name.trim()));
  return org;
}
