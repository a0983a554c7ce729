import { describe, expect, it } from "vitest";
import type { Account } from "../accounts";
import { CATALOG_COST_PERCENT } from "../cost-basis";
import { DEFAULT_STRATEGY, orderAccounts, STRATEGIES, STRATEGY_NAMES, strategyNamed, type Signals, type Strategy } from ".";

function account(id: string, fields: Partial<Account> = {}): Account {
  return { id, provider: "mts", name: id, weight: 1, priority: 0, concurrency: 10, models: null, upstreamModels: {}, costPercent: CATALOG_COST_PERCENT, source: "admin", adapter: {} as Account["adapter"], ...fields };
}

/** Deterministic uniform [0, 1) numbers (mulberry32), so the weighted shares below are exact run to run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unused = (what: string) => () => {
  throw new Error(`this strategy must not read ${what}`);
};

/** Signals whose every reader fails the test unless the strategy under test is meant to use it. */
function signals(overrides: Partial<Signals>): Signals {
  return { random: unused("random"), inFlight: unused("in-flight counts"), latencyMs: unused("latency"), ...overrides };
}

const ids = (accounts: Account[]) => accounts.map((a) => a.id);

/** How often each account is ordered first over `runs` orderings. */
async function firstShares(strategy: Strategy, accounts: Account[], make: (random: () => number) => Signals, runs = 20_000) {
  const random = seeded(7);
  const counts = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const [first] = await STRATEGIES[strategy](accounts, make(random));
    counts.set(first!.id, (counts.get(first!.id) ?? 0) + 1);
  }
  return new Map([...counts].map(([id, n]) => [id, n / runs]));
}

describe("the strategy list", () => {
  it("names each strategy once, from the map, with weighted as the default", () => {
    expect(STRATEGY_NAMES).toEqual(["weighted", "least_busy", "latency", "price"]);
    expect(STRATEGY_NAMES).toEqual(Object.keys(STRATEGIES));
    expect(DEFAULT_STRATEGY).toBe("weighted");
  });

  it("reads a stored name as that strategy, and an unknown or missing one as the default", () => {
    for (const name of STRATEGY_NAMES) expect(strategyNamed(name)).toBe(name);
    expect(strategyNamed("cheapest")).toBe("weighted");
    expect(strategyNamed("toString")).toBe("weighted");
    expect(strategyNamed(undefined)).toBe("weighted");
  });
});

describe("each strategy orders as documented", () => {
  it("weighted: the first place goes to each account in proportion to its weight, and reads nothing else", async () => {
    const shares = await firstShares("weighted", [account("heavy", { weight: 3 }), account("light", { weight: 1 })], (random) => signals({ random }));
    expect(shares.get("heavy")).toBeCloseTo(0.75, 1);
    expect(shares.get("light")).toBeCloseTo(0.25, 1);
  });

  it("least_busy: fewest requests in flight first, ties in the given order", async () => {
    const busy: Record<string, number> = { a: 4, b: 0, c: 2, d: 0 };
    const ordered = await STRATEGIES.least_busy([account("a"), account("b"), account("c"), account("d")], signals({ inFlight: async (id) => busy[id]! }));
    expect(ids(ordered)).toEqual(["b", "d", "c", "a"]);
  });

  it("latency: fastest first, unmeasured (0) first of all so each gets tried", async () => {
    const ms: Record<string, number> = { slow: 900, fast: 120, fresh: 0 };
    const ordered = await STRATEGIES.latency([account("slow"), account("fast"), account("fresh")], signals({ latencyMs: (id) => ms[id]! }));
    expect(ids(ordered)).toEqual(["fresh", "fast", "slow"]);
  });

  it("price: cheapest own cost first, whatever the weights", async () => {
    const accounts = [account("premium", { weight: 100, costPercent: 140 }), account("catalog", { weight: 10 }), account("discount", { weight: 1, costPercent: 60 })];
    const random = seeded(1);
    for (let i = 0; i < 200; i++) {
      const ordered = await STRATEGIES.price(accounts, signals({ random }));
      expect(ids(ordered)).toEqual(["discount", "catalog", "premium"]);
    }
  });

  it("price: equally cheap accounts share the first place by weight", async () => {
    const shares = await firstShares(
      "price",
      [account("dear", { weight: 50 }), account("heavy", { weight: 3, costPercent: 80 }), account("light", { weight: 1, costPercent: 80 })],
      (random) => signals({ random }),
    );
    expect(shares.get("dear")).toBeUndefined();
    expect(shares.get("heavy")).toBeCloseTo(0.75, 1);
    expect(shares.get("light")).toBeCloseTo(0.25, 1);
  });
});

describe("orderAccounts", () => {
  it("puts higher priority groups first and applies the strategy within each group", async () => {
    const accounts = [
      account("lowDear", { priority: 0, costPercent: 90 }),
      account("highDear", { priority: 5, costPercent: 200 }),
      account("lowCheap", { priority: 0, costPercent: 10 }),
      account("top", { priority: 9, costPercent: 999 }),
      account("highCheap", { priority: 5, costPercent: 50 }),
    ];
    const ordered = await orderAccounts(accounts, "price", signals({ random: seeded(3) }));
    expect(ids(ordered)).toEqual(["top", "highCheap", "highDear", "lowCheap", "lowDear"]);
  });

  it("returns nothing for no accounts", async () => {
    expect(await orderAccounts([], "least_busy", signals({}))).toEqual([]);
  });
});
