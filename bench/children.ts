/** Starting and stopping the benchmark's helper processes (the upstream emulator, the floor proxy). */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ParentMessage } from "./protocol";

export interface Child {
  name: string;
  pid: number;
  url: string;
  key: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Last resort on an abrupt exit of the parent: no child outlives the benchmark. */
export function killChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Registers a process the benchmark started some other way, for killChildren. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
}

/** Forks `script` (TypeScript, through tsx) and waits for its "ready" message. */
export function startChild(name: string, script: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Child> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    env,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  track(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      clearTimeout(timer);
      if (message.type === "error") return reject(new Error(`${name} failed to start:\n${message.message}`));
      resolve({
        name,
        pid: message.pid,
        url: message.url,
        key: message.key,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          if (child.connected) child.send({ type: "stop" } satisfies ParentMessage);
          const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
