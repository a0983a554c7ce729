import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { requests } from "../../db/schema";
import { queryRows } from "../../db/rows";
import { getProviderHealth, startProviderHealthChecks } from "../../health/provider-health";
import type { Localized } from "../../providers/descriptor";
import { PROVIDERS } from "../../providers/registry";
import { getAccounts } from "../../routing/accounts";
import { inRange, statColumns, toStats, type RawStats, type Stats } from "./stats-sql";

export type ProviderState = "up" | "degraded" | "down" | "unknown";

export interface ProviderStatus extends Stats {
  provider: string;
  name: Localized;
  state: ProviderState;
  /** Usable accounts, and how many passed their last health check. */
  accounts: number;
  healthy: number;
  checked: number;
  /** Mean latency of the last passing health checks. */
  healthLatencyMs: number | null;
  checkedAt: Date | null;
}

const WINDOW_MS = 60 * 60 * 1000;

function stateOf(checked: number, healthy: number, stats: Stats): ProviderState {
  const rate = stats.requests >= 5 ? (stats.errorRate ?? 0) : 0;
  if (checked > 0) {
    if (healthy === 0) return "down";
    if (healthy < checked || rate >= 0.1) return "degraded";
    return "up";
  }
  if (stats.requests === 0) return "unknown";
  return rate >= 0.5 ? "down" : rate >= 0.1 ? "degraded" : "up";
}

const CACHE_MS = 10_000;
const g = globalThis as { __xrouterProviderStatus?: { at: number; value: Promise<{ providers: ProviderStatus[]; generatedAt: Date }> } };

/** The public page's status, computed at most every 10 s per instance (the page is public and refreshes itself). */
export function getCachedProviderStatus(db: Db): Promise<{ providers: ProviderStatus[]; generatedAt: Date }> {
  const cached = g.__xrouterProviderStatus;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = getProviderStatus(db);
  g.__xrouterProviderStatus = { at: Date.now(), value };
  value.catch(() => (g.__xrouterProviderStatus = undefined));
  return value;
}

/**
 * The public status of each provider: the background health checks (started here if nothing started them;
 * the first round is awaited up to `waitMs`) and the last hour of traffic: error rate, p50/p95 latency.
 */
export async function getProviderStatus(db: Db, options: { waitMs?: number; now?: Date } = {}): Promise<{ providers: ProviderStatus[]; generatedAt: Date }> {
  const now = options.now ?? new Date();
  const firstRound = startProviderHealthChecks();
  await Promise.race([firstRound, new Promise((r) => setTimeout(r, options.waitMs ?? 5_000).unref())]);
  const [accounts, rows] = await Promise.all([
    getAccounts(),
    queryRows<RawStats & { provider: string }>(
      db,
      sql`select ${requests.provider} as "provider", ${statColumns} from ${requests}
          where ${inRange(new Date(now.getTime() - WINDOW_MS), new Date(now.getTime() + 1000))} and ${requests.provider} is not null
          group by ${requests.provider}`,
    ),
  ]);
  const health = new Map(getProviderHealth().map((h) => [h.accountId, h]));
  const byProvider = new Map(rows.map((r) => [r.provider, toStats(r)]));
  const empty = toStats({ requests: 0, errors: 0, p50: null, p95: null, cost: 0 });
  return {
    generatedAt: now,
    providers: PROVIDERS.map(({ id: provider, name }) => {
      const mine = accounts.filter((a) => a.provider === provider);
      const results = mine.flatMap((a) => (health.has(a.id) ? [health.get(a.id)!] : []));
      const passing = results.filter((r) => r.ok);
      const stats = byProvider.get(provider) ?? empty;
      return {
        provider,
        name,
        ...stats,
        state: stateOf(results.length, passing.length, stats),
        accounts: mine.length,
        healthy: passing.length,
        checked: results.length,
        healthLatencyMs: passing.length ? Math.round(passing.reduce((s, r) => s + r.latencyMs, 0) / passing.length) : null,
        checkedAt: results.length ? new Date(Math.max(...results.map((r) => r.checkedAt.getTime()))) : null,
      };
    }),
  };
}
