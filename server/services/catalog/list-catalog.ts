import { getCatalog, type CatalogModel } from "../../core/catalog";
import { DEFAULT_LOCALE, type Locale } from "../../core/locale";
import { MICRO_PER_RUB } from "../../money";
import { providerIds, providerName } from "../../providers/lookup";
import { PROVIDERS } from "../../providers/registry";
import { accountsServing, getAccounts, upstreamModelFor, type Account } from "../../routing/accounts";

/** The registered providers in the order the catalog shows them. */
export const catalogProviders = (locale: Locale): { id: string; name: string }[] => PROVIDERS.map((p) => ({ id: p.id, name: p.name[locale] }));

export interface CatalogEntry {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  kind: CatalogModel["kind"];
  contextLength: number;
  /** RUB per 1M tokens, VAT included (exact: converted from integer micro-rubles). */
  pricing: { input: number; output: number; cachedInput: number; vatIncluded: true; status: "confirmed" | "estimate" };
  features: CatalogModel["features"];
  /** The global markup already included in `pricing`, in percent (0 when none). */
  markupPercent: number;
  /** The provider accounts on this server that can serve the model: public name and provider only, never secrets. */
  routes: CatalogRoute[];
}

export interface CatalogRoute {
  accountName: string;
  provider: string;
  /** How this account switches the model's thinking (`reasoning_effort` → …), when it has a switch. */
  thinking?: string;
}

const providerOrder = (ids: string[], id: string) => {
  const index = ids.indexOf(id);
  return index === -1 ? ids.length : index;
};

/** The accounts (of `accounts`) that serve the model: highest priority first (as routing tries them), then by name. */
export function routesFor(model: CatalogModel, accounts: readonly Account[], locale: Locale = DEFAULT_LOCALE): CatalogRoute[] {
  return accountsServing([...accounts], model)
    .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name))
    .map((account) => {
      const thinking = account.thinkingSwitch?.(upstreamModelFor(account, model)!)?.[locale];
      return { accountName: account.name, provider: account.provider, ...(thinking && { thinking }) };
    });
}

export function toCatalogEntry(model: CatalogModel, accounts: readonly Account[] = [], locale: Locale = DEFAULT_LOCALE): CatalogEntry {
  return {
    id: model.id,
    name: model.name,
    provider: model.provider,
    providerName: providerName(model.provider, locale),
    kind: model.kind,
    contextLength: model.contextLength,
    pricing: {
      input: model.price.inputMicroPer1M / MICRO_PER_RUB,
      output: model.price.outputMicroPer1M / MICRO_PER_RUB,
      cachedInput: model.price.cachedInputMicroPer1M / MICRO_PER_RUB,
      vatIncluded: true,
      status: model.price.status === "confirmed" ? "confirmed" : "estimate",
    },
    features: model.features,
    markupPercent: model.price.markupPercent,
    routes: routesFor(model, accounts, locale),
  };
}

/**
 * The public model catalog: what GET /api/v1/models lists (enabled models some provider account on this
 * server can serve), with current prices, ordered by provider, then chat before embedding models, then id.
 */
export async function listCatalog(locale: Locale = DEFAULT_LOCALE): Promise<CatalogEntry[]> {
  const [catalog, accounts] = await Promise.all([getCatalog(), getAccounts()]);
  const ids = providerIds();
  return [...catalog.values()]
    .map((model) => toCatalogEntry(model, accounts, locale))
    .filter((entry) => entry.routes.length > 0)
    .sort(
      (a, b) =>
        providerOrder(ids, a.provider) - providerOrder(ids, b.provider) ||
        a.provider.localeCompare(b.provider) ||
        (a.kind === b.kind ? 0 : a.kind === "chat" ? -1 : 1) ||
        a.id.localeCompare(b.id),
    );
}
