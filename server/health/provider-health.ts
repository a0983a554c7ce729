import { getLogger } from "../logging/logger";
import { getAccounts, type Account } from "../routing/accounts";
import { getStore } from "../store";

/** The latest background health check of one provider account (by whichever instance ran it). */
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
/** The latest round in the shared store, where instances that do not check read it. */
const SHARED_KEY = "provider-health";
/** Shared results outlive a few missed rounds, then the page shows no result rather than a stale one. */
const SHARED_ROUNDS = 3;

type State = {
  results: Map<string, AccountHealth>;
  intervalMs: number;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  /** Resolves after the first round, so a page can wait for it once. */
  firstRound?: Promise<void>;
};

const g = globalThis as { __xrouterProviderHealth?: State };

function state(): State {
  g.__xrouterProviderHealth ??= { results: new Map(), intervalMs: DEFAULT_HEALTH_INTERVAL_MS };
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

/** Called with each round's results by the instance that ran it (the history, registered by the runtime). */
export type HealthRoundHook = (results: AccountHealth[]) => Promise<unknown>;

// On globalThis, like the results: instrumentation and route handlers get separate module graphs.
const hooks = () => ((globalThis as { __xrouterHealthRoundHooks?: Set<HealthRoundHook> }).__xrouterHealthRoundHooks ??= new Set());

/** Registers a hook (once per function); returns its removal. */
export function onHealthRound(hook: HealthRoundHook): () => void {
  hooks().add(hook);
  return () => void hooks().delete(hook);
}

/** A failing hook is logged and never stops the round. */
async function runHealthRoundHooks(results: AccountHealth[]): Promise<void> {
  for (const hook of hooks()) await hook(results).catch((err: unknown) => getLogger().warn({ err }, "a hook after the health checks failed"));
}

/**
 * One round: every usable account's cheap health call (in parallel, one each), then the results replace the old,
 * here and in the shared store for the other instances, and go to the round's hooks.
 */
export function checkProviderHealthNow(): Promise<void> {
  const s = state();
  s.running ??= (async () => {
    try {
      const accounts = await getAccounts();
      const results = await Promise.all(accounts.map(checkAccount));
      s.results = new Map(results.map((r) => [r.accountId, r]));
      const failing = results.filter((r) => !r.ok);
      if (failing.length) getLogger().warn({ accounts: failing.map((r) => r.accountId) }, "provider health check failed");
      await getStore()
        .set(SHARED_KEY, JSON.stringify(results), s.intervalMs * SHARED_ROUNDS)
        .catch((err: unknown) => getLogger().warn({ err }, "could not share the provider health"));
      await runHealthRoundHooks(results);
    } catch (err) {
      getLogger().warn({ err }, "provider health checks could not run");
    } finally {
      s.running = undefined;
    }
  })();
  return s.running;
}

/** Takes the latest round another instance shared; false when there is none. */
async function adoptSharedHealth(): Promise<boolean> {
  const text = await getStore().get(SHARED_KEY);
  if (text === null) return false;
  const results = (JSON.parse(text) as (Omit<AccountHealth, "checkedAt"> & { checkedAt: string })[]).map((r) => ({ ...r, checkedAt: new Date(r.checkedAt) }));
  state().results = new Map(results.map((r) => [r.accountId, r]));
  return true;
}

/** A round of this instance's when it leads (or when nobody has shared one yet), else the shared round. */
async function healthRound(leads: () => boolean): Promise<void> {
  if (leads()) return checkProviderHealthNow();
  const adopted = await adoptSharedHealth().catch((err: unknown) => {
    getLogger().warn({ err }, "could not read the shared provider health");
    return true;
  });
  if (!adopted) return checkProviderHealthNow();
}

/**
 * Starts the background health checks once per process (later calls do nothing): a round at once, then one
 * every `intervalMs` (default a minute). With several instances only the one that `leads` (holds the background
 * jobs' lease) calls the providers, one cheap call per account; the others take its results from the store.
 * Returns the first round's promise.
 */
export function startProviderHealthChecks(intervalMs = DEFAULT_HEALTH_INTERVAL_MS, leads: () => boolean = () => true): Promise<void> {
  const s = state();
  if (!s.timer) {
    s.intervalMs = intervalMs;
    s.timer = setInterval(() => void healthRound(leads), intervalMs);
    s.timer.unref();
    s.firstRound = healthRound(leads);
  }
  return s.firstRound ?? Promise.resolve();
}

/** Stops the background checks and forgets the results (tests). */
export function stopProviderHealthChecks(): void {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  g.__xrouterProviderHealth = { results: new Map(), intervalMs: DEFAULT_HEALTH_INTERVAL_MS };
}

/** The latest result per account, as last checked by this instance or shared by the one that checks. */
export function getProviderHealth(): AccountHealth[] {
  return [...state().results.values()];
}
