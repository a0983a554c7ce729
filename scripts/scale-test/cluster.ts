/**
 * The world of `npm run test:scale`: three production instances (`npm start`'s command, bench/production-server.ts)
 * on a Postgres database and a Redis logical database of the run's own (bench/infra.ts, removed after), one
 * OpenAI-compatible upstream emulator in its own process serving MTS's models to all three, and HAProxy in front.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killChildren, startChild } from "../../bench/children";
import { claimRedisDb, createDatabase } from "../../bench/infra";
import { launchProductionServer, type LaunchedServer } from "../../bench/production-server";
import { freePort } from "../../server/testing/faults/processes";
import { startHaproxy, type Haproxy } from "./haproxy";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Shortened so a killed instance's holds and the jobs' lease run out within seconds (the default is 30 s). */
export const LEASE_MS = 3_000;
/** Readiness 503 this long before an instance stops accepting: HAProxy's two failed checks take 0.5–1 s. */
const GRACE_MS = 3_000;

export interface Instance {
  /** HAProxy's name for it: xr1, xr2, xr3. */
  name: string;
  url: string;
  logFile: string;
  pid(): number;
  /** Starts it with the cluster's environment (plus `env`, for this start only). */
  start(env?: Record<string, string>): Promise<void>;
  /** SIGTERM and the wait for its exit. */
  stop(): Promise<void>;
  /** SIGKILL and the wait for its exit. */
  kill(): Promise<void>;
  /** Its log so far. */
  log(): string;
}

export interface Cluster {
  instances: Instance[];
  balancer: Haproxy;
  databaseUrl: string;
  redisUrl: string;
  /** The production store's key prefix (RedisStore's default). */
  storePrefix: string;
  /** The environment every instance runs with (the test process uses it too: the key pepper comes from AUTH_SECRET). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const log = (line: string) => process.stderr.write(`scale: ${line}\n`);

/** `next build` unless SCALE_SKIP_BUILD=1 and a build exists (CI: the e2e step built it); the server bundle always. */
function build(): void {
  const node = (args: string[]) => {
    const result = spawnSync(process.execPath, args, {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed`);
  };
  if (process.env.SCALE_SKIP_BUILD !== "1" || !existsSync(path.join(ROOT, ".next/BUILD_ID")))
    node(["node_modules/next/dist/bin/next", "build"]);
  // Built once here rather than by three starts at once.
  node(["scripts/build-server.mjs"]);
}

export async function startCluster(): Promise<Cluster> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  };
  process.once("exit", killChildren);
  try {
    build();
    const database = await createDatabase(process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
    cleanups.push(() => database.drop());
    const redis = await claimRedisDb(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
    cleanups.push(() => redis.clear());
    const work = mkdtempSync(path.join(tmpdir(), "xrouter-scale-"));
    // SCALE_KEEP_LOGS=1 keeps the instances' logs (and data folders) for a look after the run.
    cleanups.push(async () =>
      process.env.SCALE_KEEP_LOGS === "1"
        ? log(`logs kept in ${work}`)
        : rmSync(work, { recursive: true, force: true }),
    );
    const upstream = await startChild("emulator", "./emulator-process.ts", { ...process.env, NODE_ENV: "production" });
    cleanups.push(() => upstream.stop());
    log(`database ${database.name}, Redis db ${redis.db}, upstream ${upstream.url}, logs in ${work}`);

    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      AUTH_SECRET: `scale-${crypto.randomUUID()}-${crypto.randomUUID()}`,
      XROUTER_DEMO: "off",
      MWS_API_KEY: upstream.key,
      MWS_BASE_URL: upstream.url,
      GIGACHAT_CREDENTIALS: "",
      YANDEX_API_KEY: "",
      YANDEX_IAM_TOKEN: "",
      TBANK_BASE_URL: "",
      XROUTER_TRUSTED_PROXIES: "127.0.0.1",
      XROUTER_LEASE_MS: String(LEASE_MS),
      XROUTER_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      XROUTER_DRAIN_TIMEOUT_MS: "20000",
      // An instance is one process here (a SIGKILL ends all of it); (e) runs one as several.
      XROUTER_WORKERS: "1",
    };
    const ports = [await freePort(), await freePort(), await freePort()];
    const instances = ports.map((port, i): Instance => {
      const name = `xr${i + 1}`;
      const logFile = path.join(work, `${name}.log`);
      let server: LaunchedServer | undefined;
      const launch = async (extra: Record<string, string> = {}) => {
        server = await launchProductionServer({
          root: ROOT,
          port,
          env: { ...env, XROUTER_DATA_DIR: path.join(work, name), ...extra },
          logFile,
          nodeArgs: [],
          log,
        });
      };
      return {
        name,
        url: `http://127.0.0.1:${port}`,
        logFile,
        pid: () => server!.pid,
        start: launch,
        stop: async () => server?.stop(),
        kill: async () => {
          if (!server) return;
          process.kill(server.pid, "SIGKILL");
          await server.exited;
        },
        log: () => readFileSync(logFile, "utf8"),
      };
    });
    cleanups.push(() => Promise.all(instances.map((i) => i.stop())));
    // All three at once on the empty database: the migration lock lets one migrate while the others wait.
    await Promise.all(instances.map((i) => i.start()));

    const balancer = await startHaproxy({
      root: ROOT,
      port: await freePort(),
      statsPort: await freePort(),
      servers: ports.map((port) => `127.0.0.1:${port}`),
    });
    cleanups.push(() => balancer.stop());
    for (const i of instances) await balancer.waitFor(i.name, "UP");
    return { instances, balancer, databaseUrl: database.url, redisUrl: redis.url, storePrefix: "xr:", env, close };
  } catch (err) {
    await close();
    throw err;
  }
}
