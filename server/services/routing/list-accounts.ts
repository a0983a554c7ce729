import { asc } from "drizzle-orm";
import type { Db } from "../../db";
import { providerAccounts } from "../../db/schema";
import { getCatalog } from "../../core/catalog";
import { getProviderHealth, type AccountHealth } from "../../health/provider-health";
import { getAccounts, upstreamModelFor, type Account } from "../../routing/accounts";
import { isOpen } from "../../routing/breakers";
import { coolingDown, inFlight } from "../../routing/slots";
import { CATALOG_COST_PERCENT } from "../../routing/cost-basis";
import { toAccountView, type AccountView } from "./account-view";

export interface AccountLive {
  inFlight: number;
  coolingDown: boolean;
  /** Models whose breaker on this account is open (this instance). */
  openBreakers: string[];
  health: Pick<AccountHealth, "ok" | "latencyMs" | "message" | "checkedAt"> | null;
}

export type AccountListRow = AccountView & { readOnly: boolean; live: AccountLive };

async function liveState(id: string, served: string[], health: Map<string, AccountHealth>): Promise<AccountLive> {
  const [busy, [cooling]] = await Promise.all([inFlight(id), coolingDown([id])]);
  const h = health.get(id);
  return {
    inFlight: busy,
    coolingDown: cooling ?? false,
    openBreakers: served.filter((model) => isOpen(id, model)),
    health: h ? { ok: h.ok, latencyMs: h.latencyMs, message: h.message, checkedAt: h.checkedAt } : null,
  };
}

/**
 * Every provider account: the environment's or demo emulators' (read-only) first, then admins' (enabled or
 * not), each with live state: in-flight requests, cooldown, open breakers and the last health check.
 */
export async function listAccounts(db: Db): Promise<AccountListRow[]> {
  const [usable, rows, catalog] = await Promise.all([getAccounts(), db.select().from(providerAccounts).orderBy(asc(providerAccounts.provider), asc(providerAccounts.createdAt)), getCatalog()]);
  const health = new Map(getProviderHealth().map((h) => [h.accountId, h]));
  const servedBy = (account: { provider: string; models: string[] | null; upstreamModels: Record<string, string> }) =>
    [...catalog.values()].filter((m) => upstreamModelFor(account as Account, m) !== undefined).map((m) => m.id);

  const defaults = usable.filter((a) => a.source !== "admin");
  const out: AccountListRow[] = [];
  for (const a of defaults) {
    out.push({
      id: a.id,
      provider: a.provider,
      name: a.name,
      weight: a.weight,
      priority: a.priority,
      concurrency: a.concurrency,
      costPercent: CATALOG_COST_PERCENT,
      models: a.models,
      upstreamModels: a.upstreamModels,
      enabled: true,
      source: a.source,
      settings: {},
      createdAt: null,
      readOnly: true,
      live: await liveState(a.id, servedBy(a), health),
    });
  }
  for (const row of rows) {
    const view = toAccountView(row);
    out.push({ ...view, readOnly: false, live: await liveState(row.id, servedBy(view), health) });
  }
  return out;
}
