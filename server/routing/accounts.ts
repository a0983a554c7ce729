import { eq } from "drizzle-orm";
import { reloadingValue } from "../cache/reloading-value";
import { getConfig } from "../config";
import { getDb } from "../db";
import { providerAccounts } from "../db/schema";
import { getLogger } from "../logging/logger";
import { getEnvironmentProviders } from "../providers/environment";
import { accountConcurrency, createProvider } from "../providers/lookup";
import type { Provider, ProviderId } from "../providers/types";
import { getStore } from "../store";
import { CATALOG_COST_PERCENT } from "./cost-basis";
import { open } from "./secret-box";

/** A provider account (channel) that routes can use. */
export interface Account {
  id: string;
  provider: ProviderId;
  name: string;
  weight: number;
  priority: number;
  /** Concurrent requests this account may have in flight (GigaChat individuals: 1). */
  concurrency: number;
  /** Public model ids served; null serves all of the provider's models. */
  models: string[] | null;
  /** Public model id → upstream name, for models served under another name (e.g. T-Pro on MWS). */
  upstreamModels: Record<string, string>;
  /** What the account costs, in percent of the catalog price: the price strategy orders by it. */
  costPercent: number;
  source: "env" | "demo" | "admin";
  adapter: Provider;
}

async function load(): Promise<Account[]> {
  const runtime = await getEnvironmentProviders();
  const defaults: Account[] = [...runtime.providers].map(([provider, adapter]) => ({
    id: `${runtime.demo ? "demo" : "env"}:${provider}`,
    provider,
    name: runtime.demo ? `${provider} (demo emulator)` : `${provider} (environment)`,
    weight: 1,
    priority: 0,
    // The environment's account gets its provider's published quota (GigaChat's by the scope); an emulator, 10.
    concurrency: runtime.demo ? 10 : accountConcurrency(provider, runtime.settings[provider] ?? {}),
    models: null,
    upstreamModels: {},
    costPercent: CATALOG_COST_PERCENT,
    source: runtime.demo ? "demo" : "env",
    adapter,
  }));
  const rows = await (await getDb()).select().from(providerAccounts).where(eq(providerAccounts.enabled, true));
  // The operator's accounts above go where the environment says; an admin typed these addresses.
  const egress = { allowPrivate: getConfig().XROUTER_ALLOW_PRIVATE_UPSTREAMS };
  const stored: Account[] = [];
  for (const row of rows) {
    try {
      const settings = { ...(JSON.parse(open(row.secretEncrypted)) as object), egress };
      stored.push({
        id: row.id,
        provider: row.provider,
        name: row.name,
        weight: row.weight,
        priority: row.priority,
        concurrency: row.concurrency,
        models: row.models,
        upstreamModels: row.upstreamModels ?? {},
        costPercent: row.costPercent,
        source: "admin",
        adapter: createProvider(row.provider, settings, getStore()),
      });
    } catch (err) {
      getLogger().error({ err, account: row.id }, "provider account cannot be used (its secret does not decrypt, or its provider is not registered)");
    }
  }
  return [...defaults, ...stored];
}

const accounts = reloadingValue("accounts", load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });

/** Every usable account: the environment's (or demo emulators') plus admins' accounts; reloaded every 10 s. */
export const getAccounts = (): Promise<Account[]> => accounts.get();

export const invalidateAccounts = (): void => accounts.invalidate();

/** The accounts as last loaded, without loading (metrics read them at scrape time); undefined before the first load. */
export const loadedAccounts = (): Account[] | undefined => accounts.peek();

/** The upstream model name this account uses for a public model, or undefined when it does not serve it. */
export function upstreamModelFor(account: Account, model: { id: string; provider: string; upstreamModel: string }): string | undefined {
  if (account.upstreamModels[model.id]) return account.upstreamModels[model.id];
  if (account.provider !== model.provider) return undefined;
  return account.models === null || account.models.includes(model.id) ? model.upstreamModel : undefined;
}

/** The accounts that can serve a public model. */
export function accountsServing(accounts: Account[], model: { id: string; provider: string; upstreamModel: string }): Account[] {
  return accounts.filter((account) => upstreamModelFor(account, model) !== undefined);
}
