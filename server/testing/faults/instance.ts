import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { killOnExit, waitForExit } from "./processes";

export interface InstanceOptions {
  databaseUrl: string;
  redisUrl: string;
  storePrefix: string;
  /** More environment for the gateway (timings, log level). */
  env?: Record<string, string>;
}

export interface Instance {
  /** e.g. http://127.0.0.1:41234/api/v1 */
  baseURL: string;
  pid: number;
  /** The crash: no flush, no goodbye. */
  kill9(): Promise<void>;
  /** The clean stop: the instance flushes its queues, then exits. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 15_000;

/** A gateway in its own process (server/testing/instance-process.ts), so a test can kill it like a crash. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/testing/instance-process.ts"], {
    env: {
      ...process.env,
      ...options.env,
      TEST_INSTANCE_DATABASE_URL: options.databaseUrl,
      TEST_INSTANCE_REDIS_URL: options.redisUrl,
      TEST_INSTANCE_STORE_PREFIX: options.storePrefix,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  killOnExit(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`gateway instance exited with ${code} before serving:\n${stderr}`)));
  });
  return {
    baseURL,
    pid: child.pid!,
    kill9: async () => {
      child.kill("SIGKILL");
      await waitForExit(child);
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), CLOSE_TIMEOUT_MS);
      await waitForExit(child);
      clearTimeout(timer);
    },
  };
}
