import type { Db } from "../../db";
import { providerAccounts } from "../../db/schema";
import { newId } from "../../ids";
import { invalidateAccounts } from "../../routing/accounts";
import type { CreateAccountInput } from "./account-input";
import { toAccountView, type AccountView } from "./account-view";
import { checkModels } from "./check-models";
import { sealCredentials } from "./seal-credentials";

/** Adds a provider account: settings validated per provider and sealed (AES-256-GCM), never stored in clear. */
export async function createAccount(db: Db, input: CreateAccountInput): Promise<AccountView> {
  await checkModels(input);
  const { sealed } = await sealCredentials(input.provider, input.credentials);
  const [row] = await db
    .insert(providerAccounts)
    .values({
      id: newId("acc"),
      provider: input.provider,
      name: input.name,
      secretEncrypted: sealed,
      weight: input.weight,
      priority: input.priority,
      concurrency: input.concurrency,
      costPercent: input.costPercent,
      models: input.models,
      upstreamModels: input.upstreamModels,
      enabled: input.enabled,
    })
    .returning();
  invalidateAccounts();
  return toAccountView(row!);
}
