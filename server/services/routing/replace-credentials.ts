import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { providerAccounts } from "../../db/schema";
import { invalidateAccounts } from "../../routing/accounts";
import { toAccountView, type AccountView } from "./account-view";
import { sealCredentials } from "./seal-credentials";

/**
 * Replaces an admin account's whole sealed settings (write-only); undefined when the account does not exist.
 * No transaction: an account's provider never changes, and checking the endpoints may wait on DNS.
 */
export async function replaceCredentials(db: Db, id: string, credentials: Record<string, string>): Promise<AccountView | undefined> {
  const [current] = await db.select({ provider: providerAccounts.provider }).from(providerAccounts).where(eq(providerAccounts.id, id));
  if (!current) return undefined;
  const { sealed } = await sealCredentials(current.provider, credentials);
  const [row] = await db.update(providerAccounts).set({ secretEncrypted: sealed }).where(eq(providerAccounts.id, id)).returning();
  invalidateAccounts();
  return row ? toAccountView(row) : undefined;
}
