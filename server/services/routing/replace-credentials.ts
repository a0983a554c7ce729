import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { providerAccounts } from "../../db/schema";
import { invalidateAccounts } from "../../routing/accounts";
import type { RoutingProvider } from "./credentials";
import { toAccountView, type AccountView } from "./account-view";
import { sealCredentials } from "./seal-credentials";

/** Replaces an admin account's whole sealed settings (write-only); undefined when the account does not exist. */
export async function replaceCredentials(db: Db, id: string, credentials: Record<string, string>): Promise<AccountView | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ provider: providerAccounts.provider }).from(providerAccounts).where(eq(providerAccounts.id, id)).for("update");
    if (!current) return undefined;
    const { sealed } = sealCredentials(current.provider as RoutingProvider, credentials);
    const [row] = await tx.update(providerAccounts).set({ secretEncrypted: sealed }).where(eq(providerAccounts.id, id)).returning();
    invalidateAccounts();
    return toAccountView(row!);
  });
}
