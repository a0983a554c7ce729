import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { providerAccounts } from "../../db/schema";
import { invalidateAccounts } from "../../routing/accounts";
import type { AccountFields } from "./account-input";
import { toAccountView, type AccountView } from "./account-view";
import { checkModels } from "./check-models";

/** Changes an admin account's non-secret fields (and/or enables or disables it); undefined when absent. */
export async function updateAccount(db: Db, id: string, fields: Partial<AccountFields> & { enabled?: boolean }): Promise<AccountView | undefined> {
  if (fields.models !== undefined || fields.upstreamModels !== undefined) await checkModels({ models: fields.models ?? null, upstreamModels: fields.upstreamModels ?? {} });
  const [row] = await db.update(providerAccounts).set(fields).where(eq(providerAccounts.id, id)).returning();
  invalidateAccounts();
  return row ? toAccountView(row) : undefined;
}
