/** Starting and stopping the benchmark's child processes (gateway, emulator) and reading their CPU time. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ParentMessage } from "./protocol";

export interface Child {
  name: string;
  pid: number;
  url: string;
  key: string;
  detail: Record<string, string>;
  /** User + system CPU time of the child so far, µs (asked over IPC: process.cpuUsage() in the child). */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Last resort on an abrupt exit of the parent: no child outlives the benchmark. */
export function killChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

export function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  extraExecArgv: string[] = [],
  timeoutMs = 90_000,
): Promise<Child> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    env,
    execArgv: ["--import", "tsx", ...extraExecArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const pending = new Map<number, (micros: number) => void>();
  let nextId = 1;
  const post = (message: ParentMessage) => {
    if (child.connected) child.send(message);
  };

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
      if (message.type === "cpu") {
        pending.get(message.id)?.(message.cpuMicros);
        pending.delete(message.id);
      } else if (message.type === "error") {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start:\n${message.message}`));
      } else if (message.type === "ready") {
        clearTimeout(timer);
        resolve({
          name,
          pid: message.pid,
          url: message.url,
          key: message.key,
          detail: message.detail,
          cpuMicros: () =>
            new Promise<number>((done, fail) => {
              const id = nextId++;
              const giveUp = setTimeout(() => fail(new Error(`${name} did not report its CPU time`)), 5_000);
              pending.set(id, (micros) => {
                clearTimeout(giveUp);
                done(micros);
              });
              post({ type: "cpu", id });
            }),
          stop: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            post({ type: "stop" });
            const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
  });
}
