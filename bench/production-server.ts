/**
 * The server under test, started exactly as users start it: what `npm start` runs (package.json's start script: `node`, its flags, `scripts/start.mjs`) with
 * NODE_ENV=production, Next in the same process, the default log level, Postgres and Redis from DATABASE_URL and
 * REDIS_URL. Its log goes to a file, as a deployment's would go to its log collector. The bench's user and key are
 * made with the `xrouter` CLI, as the README tells users to.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { track } from "./children";

/** A production server process (no user or key made for it yet). */
export interface LaunchedServer {
  pid: number;
  url: string;
  logFile: string;
  /** Resolves when the process has exited (however it ended). */
  exited: Promise<void>;
  /** SIGTERM (a graceful stop), SIGKILL after 30 s; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ProductionServer extends LaunchedServer {
  key: string;
}

export interface ServerOptions {
  root: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs: string[];
  log: (line: string) => void;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it answered`);
    const ok = await fetch(`${url}/api/health`)
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s`);
}

/** Runs the `xrouter` CLI; its stdout, or an error carrying its output when it exits non-zero. */
export function cli(root: string, env: NodeJS.ProcessEnv, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(root, "bin/xrouter.mjs"), ...args], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`xrouter ${args.slice(0, 2).join(" ")} failed: ${result.stderr || result.stdout}`);
  return result.stdout.trim();
}

/** What `npm start` runs after `node` (package.json's start script: its node flags and the script). */
export function startScriptArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.trim().split(/\s+/);
  if (command !== "node") throw new Error(`the start script does not run node: ${start}`);
  return args;
}

/** Starts the server as `npm start` does and waits until it answers /api/health. */
export async function launchProductionServer(options: ServerOptions): Promise<LaunchedServer> {
  const { root, port, logFile } = options;
  // No drain grace: nothing balances these servers, and a stop should not wait for a health check to notice.
  const env: NodeJS.ProcessEnv = { XROUTER_SHUTDOWN_GRACE_MS: "0", ...process.env, ...options.env, PORT: String(port), NODE_ENV: "production" };
  delete env.LOG_LEVEL; // the app's default
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [...options.nodeArgs, ...startScriptArgs(root)], {
    cwd: root,
    env,
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  track(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // The first start of a fresh clone runs next build first.
  await waitForHealth(url, child, 15 * 60_000).catch((err: unknown) => {
    child.kill("SIGKILL");
    const tail = readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
    throw new Error(`${err instanceof Error ? err.message : String(err)}; the end of its log:\n${tail}`);
  });
  return {
    pid: child.pid!,
    url,
    logFile,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The server (launchProductionServer) with a user of ample credit and an API key made by the `xrouter` CLI. */
export async function startProductionServer(options: ServerOptions): Promise<ProductionServer> {
  const { root, log } = options;
  const server = await launchProductionServer(options);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, NODE_ENV: "production" };
  const email = `bench-${Date.now()}@example.test`;
  cli(root, env, ["user", "create", "--email", email, "--password", "bench-password-1"]);
  cli(root, env, ["credits", "add", "--email", email, "--amount", "1000000000"]);
  // An rpm limit far above the load, so the limit check runs on every request but never trips.
  const key = cli(root, env, ["key", "create", "--email", email, "--name", "bench", "--rpm", "100000000"]);
  log(`server pid ${server.pid} at ${server.url} (log: ${server.logFile})`);
  return { ...server, key };
}
