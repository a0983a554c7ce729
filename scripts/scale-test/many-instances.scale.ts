/**
 * `npm run test:scale`: three production instances sharing Postgres and Redis behind HAProxy (scripts/scale-test/
 * cluster.ts). In order: (a) rolling restarts under steady load lose no request; (b) a SIGKILL under load fails
 * only what the killed instance was serving, its holds are returned and the ledger stays clean; (c) 200 parallel
 * requests never overspend a 1 RUB key limit; (d) a key revoked on one instance is refused by all within 5 s;
 * (e) one instance as two server processes (XROUTER_WORKERS=2): both serve, its metrics add them up, a killed one is
 * replaced, a stop drains both.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processTree } from "../../bench/proc-cpu";
import { cli } from "../../bench/production-server";
import { queryRows } from "../../server/db/rows";
import { countReservations, moneyCheck } from "../../server/testing/faults/money-check";
import { answeredRequests, postChat, sleep, tally, type Answer } from "../../server/testing/faults/traffic";
import { LEASE_MS, ROOT, startCluster, type Cluster, type Instance } from "./cluster";
import { chatBody, failed, steadyLoad, type Sent } from "./load";
import { mutate, signIn } from "./portal";

/** Closed-loop workers of the steady load (half JSON, half streams). */
const WORKERS = 12;
const REVOCATION_BOUND_MS = 5_000;

let cluster: Cluster;
/** Every answer of the run, for the money check. */
const answers: Answer[] = [];
const started = Date.now();
const figures: string[] = [];
const note = (line: string) => {
  figures.push(line);
  process.stderr.write(`scale: ${line}\n`);
};

beforeAll(async () => {
  cluster = await startCluster();
  note(`three instances up behind haproxy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The services below reach the run's database and store, with the instances' key pepper.
  Object.assign(process.env, cluster.env);
});

afterAll(async () => {
  const { closeDb } = await import("../../server/db");
  const { getStore } = await import("../../server/store");
  await closeDb();
  await getStore().close();
  await cluster?.close();
  note(`whole run ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stderr.write(`\nscale figures:\n${figures.map((f) => `  ${f}`).join("\n")}\n`);
});

async function newKey(options: { creditRub: number; limitMicro?: number }) {
  const { createTestKey } = await import("../../server/testing/api-server");
  return createTestKey(options);
}

/** Where the money check looks: the run's database and store. */
const money = () => ({
  databaseUrl: cluster.databaseUrl,
  redisUrl: cluster.redisUrl,
  storePrefix: cluster.storePrefix,
});

const describeSent = (s: Sent) =>
  `${s.stream ? "stream" : "json"} ${s.answer.status} ${s.answer.code ?? ""} after ${s.ended - s.started} ms`;

/** The instance that holds the background jobs' lease now (its log names the holder id it took the lease as). */
async function jobsHolder(): Promise<Instance | undefined> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(cluster.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const [holder] = await redis.zrangebyscore(`${cluster.storePrefix}jobs:lease`, Date.now(), "+inf");
    return holder ? cluster.instances.find((i) => i.log().includes(`"holder":"${holder}"`)) : undefined;
  } finally {
    redis.disconnect();
  }
}

/** How many graceful stops an instance's log reports as fully drained (nothing cut). */
const drainedStops = (instance: Instance) =>
  instance
    .log()
    .split("\n")
    .filter((line) => line.includes('"msg":"drained"') && line.includes('"cut":0')).length;

describe("three instances behind HAProxy", () => {
  it("came up together on the empty database, which each migration reached once", async () => {
    const { getDb } = await import("../../server/db");
    const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle/meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    const [row] = await queryRows<{ n: number; hashes: number }>(
      await getDb(),
      sql`select count(*)::int as n, count(distinct hash)::int as hashes from drizzle.__drizzle_migrations`,
    );
    expect(row).toEqual({ n: journal.entries.length, hashes: journal.entries.length });
  });

  it("(a) restarts the instances one by one under steady load (JSON and streams) without a failed request", async () => {
    const { key } = await newKey({ creditRub: 100_000 });
    const load = steadyLoad(cluster.balancer.url, key, WORKERS);
    await sleep(1_500);
    for (const instance of cluster.instances) {
      const serving = (await cluster.balancer.stats()).get(instance.name)!.current;
      const t0 = Date.now();
      await instance.stop();
      const stoppedMs = Date.now() - t0;
      await instance.start();
      await cluster.balancer.waitFor(instance.name, "UP");
      note(
        `(a) ${instance.name}: ${serving} requests in flight at SIGTERM, stopped in ${stoppedMs} ms, back in rotation after ${Date.now() - t0} ms`,
      );
      expect(drainedStops(instance), `${instance.name} drained before exiting`).toBe(1);
    }
    await sleep(1_000);
    const sent = await load.stop();
    answers.push(...sent.map((s) => s.answer));
    const streams = sent.filter((s) => s.stream).length;
    note(`(a) ${sent.length} requests (${streams} streams) during the restarts, ${sent.filter(failed).length} failed`);
    expect(sent.filter(failed).map(describeSent)).toEqual([]);
    expect(streams).toBeGreaterThan(20);
    // Each stopped instance booked its charges and wrote its records before it exited.
    await moneyCheck({ ...money(), answered: answeredRequests(answers) });
  });

  it("(b) kills one with SIGKILL under load: only its in-flight requests fail, its holds are returned, the ledger is clean", async () => {
    const { key } = await newKey({ creditRub: 100_000 });
    // The instance running the background jobs, so the kill also proves another takes the sweeper over.
    const victim = (await jobsHolder()) ?? cluster.instances[1]!;
    const load = steadyLoad(cluster.balancer.url, key, WORKERS);
    await sleep(2_000);
    const readAt = Date.now();
    const onVictim = (await cluster.balancer.stats()).get(victim.name)!.current;
    await victim.kill();
    // Until the process is gone a request may still reach it: "after the kill" is after its exit.
    const killedAt = Date.now();
    try {
      const orphaned = await countReservations(cluster.redisUrl, cluster.storePrefix);
      await cluster.balancer.waitFor(victim.name, "DOWN");
      await sleep(3_000);
      const sent = await load.stop();
      answers.push(...sent.map((s) => s.answer));

      const failures = sent.filter(failed);
      const sentInTheGap = sent.filter((s) => s.started >= readAt && s.started <= killedAt).length;
      const servedAfter = sent.filter((s) => s.started > killedAt && !failed(s)).length;
      note(
        `(b) ${victim.name} killed with ${onVictim} requests on it (+${sentInTheGap} sent while reading that); ` +
          `${failures.length} of ${sent.length} failed, ${servedAfter} served after the kill, ${orphaned} reservations orphaned`,
      );
      expect(failures.filter((s) => s.started > killedAt).map(describeSent), "requests sent after the kill").toEqual([]);
      expect(failures.length).toBeLessThanOrEqual(onVictim + sentInTheGap);
      expect(servedAfter).toBeGreaterThan(WORKERS);

      // The sweeper (on the instance that took the jobs' lease over) books or releases what the victim held.
      const sweptFrom = Date.now();
      await moneyCheck({ ...money(), answered: answeredRequests(answers), waitMs: 30_000 });
      const successor = await jobsHolder();
      note(
        `(b) holds returned and money consistent ${Date.now() - sweptFrom} ms after the check began (lease ${LEASE_MS} ms); jobs now on ${successor?.name}`,
      );
      expect(successor?.name).not.toBe(victim.name);
      cli(ROOT, { ...process.env, ...cluster.env }, ["ledger", "check"]);
    } finally {
      await victim.start();
      await cluster.balancer.waitFor(victim.name, "UP");
    }
  });

  it("(c) never overspends a 1 RUB key limit with 200 parallel requests across the three", async () => {
    const { key, userId } = await newKey({ creditRub: 100, limitMicro: 1_000_000 });
    const before = await cluster.balancer.stats();
    const burst = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postChat(`${cluster.balancer.url}/api/v1`, key, chatBody(i % 2 === 1, `limit ${i}`), { timeoutMs: 60_000 }),
      ),
    );
    const after = await cluster.balancer.stats();
    answers.push(...burst);
    const statuses = tally(burst);
    expect(
      burst.filter((a) => a.status !== 200 && a.status !== 402),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(statuses["200"]).toBeGreaterThan(0);
    expect(statuses["402 insufficient_quota"]).toBeGreaterThan(0);
    const perInstance = cluster.instances.map((i) => after.get(i.name)!.total - before.get(i.name)!.total);
    expect(
      perInstance.every((n) => n > 0),
      `requests per instance ${perInstance.join("/")}`,
    ).toBe(true);

    await moneyCheck({ ...money(), answered: answeredRequests(burst) });
    const { getDb } = await import("../../server/db");
    const [row] = await queryRows<{ charged: string }>(
      await getDb(),
      sql`select coalesce(sum(-amount_micro), 0) as charged from ledger where user_id = ${userId} and kind = 'charge'`,
    );
    const charged = Number(row!.charged);
    note(
      `(c) ${JSON.stringify(statuses)}, per instance ${perInstance.join("/")}; charged ${charged} of the 1,000,000 µRUB limit`,
    );
    expect(charged).toBeGreaterThan(0);
    expect(charged).toBeLessThanOrEqual(1_000_000);
  });

  it(`(d) refuses a key revoked on one instance on all three within ${REVOCATION_BOUND_MS / 1000} s`, async () => {
    const { getDb } = await import("../../server/db");
    const { createUser } = await import("../../server/services/users/create-user");
    const { createKey } = await import("../../server/services/keys/create-key");
    const db = await getDb();
    const email = `scale-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const password = "scale-password-1";
    const user = await createUser(db, { email, password, emailVerified: new Date() });
    const { key, record } = await createKey(db, { userId: user.id, name: "revoked on xr1" });
    const ask = (instance: Instance) =>
      fetch(`${instance.url}/api/v1/key`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
    // Each instance has the key in its cache.
    for (const instance of cluster.instances) expect(await ask(instance)).toBe(200);

    const [first] = cluster.instances;
    const cookie = await signIn(first!.url, email, password);
    const t0 = Date.now();
    await mutate(first!.url, cookie, "keys.revoke", { id: record.id });
    const refusedAfter = await Promise.all(
      cluster.instances.map(async (instance) => {
        while ((await ask(instance)) !== 401) {
          if (Date.now() - t0 > REVOCATION_BOUND_MS * 3) break;
          await sleep(100);
        }
        return Date.now() - t0;
      }),
    );
    note(`(d) refused after ${refusedAfter.map((ms, i) => `${cluster.instances[i]!.name} ${ms} ms`).join(", ")}`);
    expect(Math.max(...refusedAfter)).toBeLessThanOrEqual(REVOCATION_BOUND_MS);
  });
  it("(e) runs one instance as two server processes: both serve, the metrics add up, a killed one is replaced, a stop drains both", async () => {
    const instance = cluster.instances[0]!;
    await instance.stop();
    const drainedBefore = drainedStops(instance);
    await instance.start({ XROUTER_WORKERS: "2" });
    await cluster.balancer.waitFor(instance.name, "UP");
    const workers = () => processTree(instance.pid()).slice(1);
    expect(workers()).toHaveLength(2);
    const { key } = await newKey({ creditRub: 100_000 });
    const direct = `${instance.url}/api/v1`;
    const burst = async (count: number) => {
      const sent: Answer[] = [];
      for (let i = 0; i < count; i += 6)
        sent.push(
          ...(await Promise.all(
            Array.from({ length: 6 }, (_, j) => postChat(direct, key, chatBody(j % 2 === 1, `e ${i + j}`))),
          )),
        );
      answers.push(...sent);
      return sent;
    };
    const first = await burst(60);
    expect(first.filter((a) => a.status !== 200 || !a.completed)).toEqual([]);

    // Both processes answered (each access line names its process), and one scrape of the instance counts both.
    const servedBy = new Set(
      instance
        .log()
        .split("\n")
        .filter((line) => line.includes('"msg":"api request"') && line.includes('"pid":'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    expect([...servedBy].sort()).toEqual(workers().sort());
    const metrics = await (await fetch(`${instance.url}/metrics`)).text();
    const counted = metrics
      .split("\n")
      .filter((line) => line.startsWith("xrouter_requests_total{"))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    expect(counted).toBe(60);
    const series = metrics
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => line.slice(0, line.lastIndexOf(" ")));
    expect(series.length - new Set(series).size, "series listed twice").toBe(0);

    const [victim] = workers();
    process.kill(victim!, "SIGKILL");
    const t0 = Date.now();
    while (!(workers().length === 2 && !workers().includes(victim!)) && Date.now() - t0 < 30_000) await sleep(200);
    const replacedMs = Date.now() - t0;
    expect(instance.log()).toContain("a server process ended unexpectedly");
    // The new process takes connections once it listens: nothing sent now fails.
    await sleep(3_000);
    const after = await burst(30);
    expect(after.filter((a) => a.status !== 200 || !a.completed)).toEqual([]);

    const pids = [instance.pid(), ...workers()];
    await instance.stop();
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(drainedStops(instance) - drainedBefore, "both processes drained before exiting").toBe(2);
    note(`(e) two processes served ${first.length + after.length} requests, a killed one replaced in ${replacedMs} ms`);
    await moneyCheck({ ...money(), answered: answeredRequests(answers), waitMs: 30_000 });
    await instance.start();
    await cluster.balancer.waitFor(instance.name, "UP");
  });
});
