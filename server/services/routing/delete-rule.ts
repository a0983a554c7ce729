import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { routingRules } from "../../db/schema";
import { invalidateRules } from "../../routing/rules";

export async function deleteRule(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(routingRules).where(eq(routingRules.id, id)).returning({ id: routingRules.id });
  invalidateRules();
  return deleted.length > 0;
}
