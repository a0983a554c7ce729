import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { providerAccounts } from "../../db/schema";
import { invalidateAccounts } from "../../routing/accounts";

/** Deletes an admin account; false when it does not exist (environment and demo accounts are not rows). */
export async function deleteAccount(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(providerAccounts).where(eq(providerAccounts.id, id)).returning({ id: providerAccounts.id });
  invalidateAccounts();
  return deleted.length > 0;
}
