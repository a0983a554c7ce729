import { eq, inArray } from "drizzle-orm";
import { reloadingValue } from "../cache/reloading-value";
import { getConfig } from "../config";
import { getDb, type Db } from "../db";
import { providerAccounts, upstreamModels } from "../db/schema";
import { getLogger } from "../logging/logger";
import { getEnvironmentProviders } from "../providers/environment";
import type { ListedModel, Localized } from "../providers/descriptor";
import { accountCapabilities, accountConcurrency, createProvider } from "../providers/lookup";
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
  /**
   * The upstream model names its `GET /models` had at the last catalog sync (services/catalog/sync-upstream.ts): it
   * serves no other. Undefined while it was never listed, or when its provider has no model list.
   */
  listed?: ReadonlySet<string>;
  /** Lists its upstream's models now, for the catalog sync; absent when its provider has no model list. */
  listModels?: (signal: AbortSignal) => Promise<ListedModel[]>;
  /** How it switches a model's thinking (shown in the catalog); absent when its provider has no switch. */
  thinkingSwitch?: (upstreamModel: string) => Localized | undefined;
}

/**
 * Each listed account's upstream model names as recorded by the catalog sync, without those gone missing since (an
 * account whose every name went missing has an empty set); of the given accounts only, when given.
 */
export async function loadListings(db: Db, accountIds?: string[]): Promise<Map<string, Set<string>>> {
  const rows = await db
    .select({ accountId: upstreamModels.accountId, upstreamModel: upstreamModels.upstreamModel, missingSince: upstreamModels.missingSince })
    .from(upstreamModels)
    .where(accountIds && inArray(upstreamModels.accountId, accountIds));
  const listings = new Map<string, Set<string>>();
  for (const row of rows) {
    const names = listings.get(row.accountId) ?? new Set<string>();
    if (!row.missingSince) names.add(row.upstreamModel);
    listings.set(row.accountId, names);
  }
  return listings;
}

async function load(): Promise<Account[]> {
  const [runtime, listings] = await Promise.all([getEnvironmentProviders(), getDb().then((db) => loadListings(db))]);
  const defaults: Account[] = [...runtime.providers].map(([provider, adapter]) => ({
    ...accountCapabilities(provider, runtime.settings[provider] ?? {}, getStore()),
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
        ...accountCapabilities(row.provider, settings, getStore()),
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
  return [...defaults, ...stored].map((account) => ({ ...account, listed: listings.get(account.id) }));
}

const accounts = reloadingValue("accounts", load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });

/** Every usable account: the environment's (or demo emulators') plus admins' accounts; reloaded every 10 s. */
export const getAccounts = (): Promise<Account[]> => accounts.get();

export const invalidateAccounts = (): void => accounts.invalidate();

/** The accounts as last loaded, without loading (metrics read them at scrape time); undefined before the first load. */
export const loadedAccounts = (): Account[] | undefined => accounts.peek();

/**
 * The upstream model name this account's settings map a public model to (its own name for it, else the model's when
 * the account serves the model's provider and its model list allows it), whatever the account's upstream lists.
 */
export function mappedUpstreamModel(account: Account, model: { id: string; provider: string; upstreamModel: string }): string | undefined {
  if (account.upstreamModels[model.id]) return account.upstreamModels[model.id];
  if (account.provider !== model.provider) return undefined;
  return account.models === null || account.models.includes(model.id) ? model.upstreamModel : undefined;
}

/**
 * The upstream model name this account uses for a public model, or undefined when it does not serve it: not mapped,
 * or missing from what its upstream listed at the last catalog sync (never routed to an account that lost it).
 */
export function upstreamModelFor(account: Account, model: { id: string; provider: string; upstreamModel: string }): string | undefined {
  const name = mappedUpstreamModel(account, model);
  return name !== undefined && (!account.listed || account.listed.has(name)) ? name : undefined;
}

/** The accounts that can serve a public model. */
export function accountsServing(accounts: Account[], model: { id: string; provider: string; upstreamModel: string }): Account[] {
  return accounts.filter((account) => upstreamModelFor(account, model) !== undefined);
}
