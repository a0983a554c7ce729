import type { Account } from "../accounts";

/**
 * What a strategy may look at when it orders a model's accounts. planRoutes supplies the live values; each is
 * read only by the strategy that needs it.
 */
export interface Signals {
  random: () => number;
  /** Requests in flight on the account across instances. */
  inFlight: (accountId: string) => Promise<number>;
  /** Smoothed time to first token of the account for the model being routed, ms (0 when unmeasured). */
  latencyMs: (accountId: string) => number;
}

type Ordering = (accounts: readonly Account[], signals: Signals) => Account[] | Promise<Account[]>;

/** Weighted random order without replacement (Efraimidis-Spirakis keys). */
function weightedShuffle(accounts: readonly Account[], random: () => number): Account[] {
  return accounts
    .map((a) => ({ a, key: Math.pow(random(), 1 / Math.max(a.weight, 0.0001)) }))
    .sort((x, y) => y.key - x.key)
    .map((x) => x.a);
}

/** Sorts by a numeric key, lowest first; equal keys keep their order (Array.prototype.sort is stable). */
function byKey(accounts: readonly Account[], keys: readonly number[]): Account[] {
  return accounts
    .map((a, i) => ({ a, key: keys[i]! }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.a);
}

/**
 * The routing strategies, by the name admins pick per model: each orders accounts of equal priority, first
 * tried first. Everything that lists strategies (the admin input's enum, the model list, the admin UI) derives
 * from this map's keys.
 */
export const STRATEGIES = {
  /** Random, each account's chance of going first proportional to its weight. */
  weighted: (accounts, { random }) => weightedShuffle(accounts, random),
  /** Fewest requests in flight first; ties keep the accounts' order. */
  least_busy: async (accounts, { inFlight }) => byKey(accounts, await Promise.all(accounts.map((a) => inFlight(a.id)))),
  /** Lowest measured latency first; unmeasured accounts rank first so each gets tried. */
  latency: (accounts, { latencyMs }) => byKey(accounts, accounts.map((a) => latencyMs(a.id))),
  /**
   * Cheapest own cost first (catalog price × the account's cost percent; the user pays the catalog price either
   * way); equally cheap accounts in weighted random order.
   */
  price: (accounts, { random }) => {
    const shuffled = weightedShuffle(accounts, random);
    return byKey(shuffled, shuffled.map((a) => a.costPercent));
  },
} satisfies Record<string, Ordering>;

export type Strategy = keyof typeof STRATEGIES;

export const STRATEGY_NAMES = Object.keys(STRATEGIES) as [Strategy, ...Strategy[]];

export const DEFAULT_STRATEGY: Strategy = "weighted";

/** A stored strategy name, or the default when it names none (a row written before a strategy was removed). */
export const strategyNamed = (name: string | undefined): Strategy => (name !== undefined && Object.hasOwn(STRATEGIES, name) ? (name as Strategy) : DEFAULT_STRATEGY);

/** Orders a model's accounts: priority groups first (highest first), each group in the strategy's order. */
export async function orderAccounts(accounts: readonly Account[], strategy: Strategy, signals: Signals): Promise<Account[]> {
  // One account has one order: no strategy asked, no signal read.
  if (accounts.length < 2) return [...accounts];
  const priorities = [...new Set(accounts.map((a) => a.priority))].sort((a, b) => b - a);
  const groups = await Promise.all(priorities.map((priority) => STRATEGIES[strategy](accounts.filter((a) => a.priority === priority), signals)));
  return groups.flat();
}
