import { inject } from "vitest";
import { closeDb } from "../../db";
import { serveTestApi, type TestApi } from "../api-server";
import { createFaultDatabase, type FaultDatabase } from "./database";
import { startInstance, type Instance } from "./instance";
import { moneyCheck, type MoneyCheckOptions } from "./money-check";
import { startPgProxy, type PgProxy } from "./pg-proxy";
import { startRedis, type TestRedis } from "./redis-server";

export interface ScenarioOptions {
  /** Runs the store on a redis-server of the scenario's own, which it may kill or freeze; else the shared one. */
  privateRedis?: boolean;
  /** Puts a proxy the scenario can cut between the in-process gateway and its database. */
  proxyDatabase?: boolean;
}

export interface Scenario {
  db: FaultDatabase;
  /** The gateway in this process: createTestKey and getDb() reach the scenario's database through it. */
  api: TestApi;
  proxy?: PgProxy;
  /** The private redis-server, when asked for. */
  redis?: TestRedis;
  redisUrl: string;
  storePrefix: string;
  /** Another gateway in its own process on the same database and store. */
  startInstance(env?: Record<string, string>): Promise<Instance>;
  moneyCheck(options?: Pick<MoneyCheckOptions, "waitMs" | "answered">): Promise<void>;
  close(): Promise<void>;
}

const CLOSE_STEP_MS = 20_000;

function bounded(step: Promise<unknown>, what: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${CLOSE_STEP_MS} ms`)), CLOSE_STEP_MS);
  });
  return Promise.race([step, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One fault scenario's world: its own database, its own store prefix, a gateway in this process and any
 * number in child processes. `close` tears it all down, even when a step fails or hangs (the fault may have
 * left a queue stuck), so the database is always dropped.
 */
export async function startScenario(label: string, options: ScenarioOptions = {}): Promise<Scenario> {
  const db = await createFaultDatabase(label);
  const proxy = options.proxyDatabase ? await startPgProxy(db.url) : undefined;
  const redis = options.privateRedis ? await startRedis() : undefined;
  const redisUrl = redis?.url ?? inject("testRedisUrl");
  const storePrefix = `xr-fault:${label}:${crypto.randomUUID()}:`;
  const api = await serveTestApi({ databaseUrl: proxy?.url ?? db.url, redisUrl, storePrefix });
  const instances: Instance[] = [];
  return {
    db,
    api,
    proxy,
    redis,
    redisUrl,
    storePrefix,
    startInstance: async (env) => {
      const instance = await startInstance({ databaseUrl: db.url, redisUrl, storePrefix, env });
      instances.push(instance);
      return instance;
    },
    moneyCheck: (check) => moneyCheck({ databaseUrl: db.url, redisUrl, storePrefix, ...check }),
    close: async () => {
      proxy?.restore();
      redis?.thaw();
      const steps: [string, () => Promise<unknown>][] = [
        ["closing the child instances", () => Promise.all(instances.map((i) => i.close()))],
        ["closing the in-process gateway", () => api.close()],
        ["closing the database pool", () => closeDb()],
        ["closing the proxy", async () => proxy?.close()],
        ["dropping the database", () => db.drop()],
        ["stopping the private Redis", async () => redis?.close()],
      ];
      const errors: unknown[] = [];
      for (const [what, step] of steps) await bounded(step(), what).catch((err: unknown) => errors.push(err));
      if (errors.length) throw new AggregateError(errors, `closing the ${label} scenario`);
    },
  };
}
