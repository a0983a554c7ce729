import { getLogger } from "../logging/logger";
import { getAccounts, type Account } from "../routing/accounts";

/** The latest background health check of one provider account (this instance's view). */
export interface AccountHealth {
  accountId: string;
  provider: string;
  name: string;
  ok: boolean;
  latencyMs: number;
  /** The upstream's complaint when not ok (trimmed; credentials never appear in it). */
  message?: string;
  checkedAt: Date;
  /** Failed checks in a row; 0 when the last one passed. */
  failuresInARow: number;
}

export const DEFAULT_HEALTH_INTERVAL_MS = 60_000;
const CHECK_TIMEOUT_MS = 10_000;

type State = {
  results: Map<string, AccountHealth>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  /** Resolves after the first round, so a page can wait for it once. */
  firstRound?: Promise<void>;
};

const g = globalThis as { __xrouterProviderHealth?: State };

function state(): State {
  g.__xrouterProviderHealth ??= { results: new Map() };
  return g.__xrouterProviderHealth;
}

async function checkAccount(account: Account): Promise<AccountHealth> {
  const previous = state().results.get(account.id);
  const started = performance.now();
  let ok = false;
  let latencyMs = 0;
  let message: string | undefined;
  try {
    const result = await account.adapter.health({ requestId: `health_${account.id}`, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    ok = result.ok;
    latencyMs = result.latencyMs;
    message = result.message;
  } catch (err) {
    latencyMs = Math.round(performance.now() - started);
    message = err instanceof Error ? err.message : String(err);
  }
  return {
    accountId: account.id,
    provider: account.provider,
    name: account.name,
    ok,
    latencyMs,
    message: message?.slice(0, 300),
    checkedAt: new Date(),
    failuresInARow: ok ? 0 : (previous?.failuresInARow ?? 0) + 1,
  };
}

/** One round: every usable account's cheap health call (in parallel, one each), then the results replace the old. */
export function checkProviderHealthNow(): Promise<void> {
  const s = state();
  s.running ??= (async () => {
    try {
      const accounts = await getAccounts();
      const results = await Promise.all(accounts.map(checkAccount));
      s.results = new Map(results.map((r) => [r.accountId, r]));
      const failing = results.filter((r) => !r.ok);
      if (failing.length) getLogger().warn({ accounts: failing.map((r) => r.accountId) }, "provider health check failed");
    } catch (err) {
      getLogger().warn({ err }, "provider health checks could not run");
    } finally {
      s.running = undefined;
    }
  })();
  return s.running;
}

/**
 * Starts the background health checks once per process (later calls do nothing): a round at once, then one
 * cheap call per account every `intervalMs` (default a minute). Returns the first round's promise.
 */
export function startProviderHealthChecks(intervalMs = DEFAULT_HEALTH_INTERVAL_MS): Promise<void> {
  const s = state();
  if (!s.timer) {
    s.timer = setInterval(() => void checkProviderHealthNow(), intervalMs);
    s.timer.unref();
    s.firstRound = checkProviderHealthNow();
  }
  return s.firstRound ?? Promise.resolve();
}

/** Stops the background checks and forgets the results (tests). */
export function stopProviderHealthChecks(): void {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  g.__xrouterProviderHealth = { results: new Map() };
}

/** The latest result per account, as last checked by this instance. */
export function getProviderHealth(): AccountHealth[] {
  return [...state().results.values()];
}
