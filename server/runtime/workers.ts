import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { ConfigError, getConfig, type Config } from "../config";
import { getLogger } from "../logging/logger";
import { gatherClusterMetrics } from "../metrics/cluster-metrics";
import { listenForMetrics } from "../metrics/serve-metrics";
import { settingsFromEnvironment } from "../providers/env-settings";
import { isDemo } from "../providers/environment";

/** `auto` runs no more processes than this: each holds its own Next (about 250 MiB). */
const AUTO_MAX = 8;
/** A process that lived this long before it ended is restarted at once; one that ends sooner, after a growing pause. */
const STEADY_MS = 30_000;
const MAX_RESTART_PAUSE_MS = 30_000;

type StopSignal = "SIGTERM" | "SIGINT";
interface StopMessage {
  xrouter: "stop";
  signal: StopSignal;
}

/**
 * How many server processes `npm start` runs (XROUTER_WORKERS). Several share nothing but PostgreSQL and Redis, so
 * they need both outside the process and real providers (the embedded database, the in-process store and the demo
 * emulators belong to one process): `auto` is one per CPU then, else one; a number above one without them is refused.
 */
export function serverProcessCount(
  config: Config = getConfig(),
  env: NodeJS.ProcessEnv = process.env,
  cpus = availableParallelism(),
): number {
  const shareable =
    config.DATABASE_URL !== undefined &&
    config.REDIS_URL !== undefined &&
    !isDemo(config, settingsFromEnvironment(env));
  if (config.XROUTER_WORKERS === "auto") return shareable ? Math.min(cpus, AUTO_MAX) : 1;
  const count = Number(config.XROUTER_WORKERS);
  if (count > 1 && !shareable)
    throw new ConfigError(
      "XROUTER_WORKERS",
      "more than one process needs DATABASE_URL, REDIS_URL and real providers (not demo mode)",
    );
  return count;
}

/** This process is one of several server processes under a primary. */
export const isServerWorker = (): boolean => cluster.isWorker;

/**
 * The primary of several server processes: starts them on the shared port (connections dealt round-robin), starts
 * another when one ends unexpectedly, merges their metrics, and relays a stop signal to each: they drain as one
 * process would and the primary exits when the last has.
 */
export async function superviseServerProcesses(count: number): Promise<void> {
  const config = getConfig();
  const log = getLogger();
  gatherClusterMetrics();
  const metricsServer = config.XROUTER_METRICS_PORT
    ? await listenForMetrics(config.XROUTER_METRICS_PORT, config.XROUTER_METRICS_TOKEN)
    : undefined;

  const startedAt = new Map<Worker, number>();
  let restartPauseMs = 0;
  let stopping = false;
  let exitCode = 0;
  // Each process gets the count, so what is set per instance (connections per IP) is shared out between them.
  const start = () => startedAt.set(cluster.fork({ XROUTER_WORKERS: String(count) }), Date.now());
  const running = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (running().length === 0) {
        metricsServer?.close();
        process.exit(exitCode);
      }
      return;
    }
    restartPauseMs = lived >= STEADY_MS ? 0 : Math.min(Math.max(restartPauseMs * 2, 1_000), MAX_RESTART_PAUSE_MS);
    log.error(
      { pid: worker.process.pid, code, signal, restartInMs: restartPauseMs },
      "a server process ended unexpectedly: starting another",
    );
    setTimeout(() => stopping || start(), restartPauseMs);
  });

  const stop = (signal: StopSignal) => {
    stopping = true;
    const workers = running();
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker.send({ xrouter: "stop", signal } satisfies StopMessage);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  for (let i = 0; i < count; i++) start();
  log.info({ processes: count, port: config.PORT }, `XRouter runs ${count} server processes on port ${config.PORT}`);
}

/**
 * Calls `stop` on a stop signal: the process's own, or, in a server process under a primary, the one the primary
 * relays (a terminal's Ctrl-C reaches every process of the group, and a second signal cuts the drain short), or
 * when the primary is gone.
 */
export function onStopSignal(stop: (signal: StopSignal) => void): void {
  if (!cluster.isWorker) {
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
    return;
  }
  const ignore = () => {};
  process.on("SIGTERM", ignore);
  process.on("SIGINT", ignore);
  process.on("message", (message: unknown) => {
    if (typeof message === "object" && message !== null && (message as StopMessage).xrouter === "stop")
      stop((message as StopMessage).signal);
  });
  process.once("disconnect", () => stop("SIGTERM"));
}
