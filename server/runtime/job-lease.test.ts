import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { leaseSettings } from "../store/leases";
import { RedisStore } from "../store/redis";
import { JobLease } from "./job-lease";

const saved = { ...leaseSettings };
const stores: RedisStore[] = [];
beforeAll(() => Object.assign(leaseSettings, { leaseMs: 600, renewEveryMs: 200 }));
afterAll(async () => {
  Object.assign(leaseSettings, saved);
  await Promise.all(stores.map((s) => s.close()));
});

/** Instances sharing one store prefix, each with a connection of its own (so one can "die" alone). */
function instances(n: number): { leases: JobLease[]; stores: RedisStore[] } {
  const prefix = `xr-test:jobs:${crypto.randomUUID()}:`;
  const own = Array.from({ length: n }, () => new RedisStore(inject("testRedisUrl"), prefix));
  stores.push(...own);
  return { leases: own.map((store) => new JobLease(store)), stores: own };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples who holds the lease every 20 ms until `until` says so or `limitMs` passed: fails when two hold it at once. */
async function watch(
  leases: JobLease[],
  until: () => boolean,
  limitMs: number,
): Promise<{ reached: boolean; ms: number }> {
  const started = Date.now();
  for (;;) {
    expect(leases.filter((l) => l.held()).length, "two instances holding the jobs' lease").toBeLessThanOrEqual(1);
    const ms = Date.now() - started;
    if (until() || ms > limitMs) return { reached: until(), ms };
    await sleep(20);
  }
}

describe("the background jobs' lease", () => {
  it("is held by one of three instances, and taken over within a lease and a renewal when the holder dies", async () => {
    const { leases, stores: own } = instances(3);
    await Promise.all(leases.map((l) => l.start()));
    expect(leases.filter((l) => l.held())).toHaveLength(1);
    // Renewed through a few intervals, by the same instance.
    const holder = leases.findIndex((l) => l.held());
    await watch(leases, () => false, 1_000);
    expect(leases.findIndex((l) => l.held())).toBe(holder);

    // The holder's connection dies: it can no longer renew, and it stops counting itself as the holder.
    await own[holder]!.close();
    const others = leases.filter((_, i) => i !== holder);
    const takeover = await watch(leases, () => others.some((l) => l.held()), 3_000);
    expect(takeover.reached).toBe(true);
    expect(takeover.ms).toBeLessThanOrEqual(leaseSettings.leaseMs + leaseSettings.renewEveryMs + 150);
    expect(leases[holder]!.held()).toBe(false);
    await Promise.all(leases.map((l) => l.stop()));
  });

  it("is handed over at the next renewal when its holder stops gracefully", async () => {
    const { leases } = instances(2);
    await Promise.all(leases.map((l) => l.start()));
    const [holder, other] = leases[0]!.held() ? [leases[0]!, leases[1]!] : [leases[1]!, leases[0]!];
    await holder.stop();
    const handover = await watch(leases, () => other.held(), 2_000);
    expect(handover.reached).toBe(true);
    expect(handover.ms).toBeLessThanOrEqual(leaseSettings.renewEveryMs + 150);
    await other.stop();
  });
});
