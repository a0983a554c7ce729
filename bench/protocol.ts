/** IPC between the benchmark (parent) and its two children: the gateway and the upstream emulator. */

export interface CpuTimes {
  /** Microseconds of user + system CPU time since the process started. */
  cpuMicros: number;
}

export type ChildMessage =
  | { type: "ready"; pid: number; url: string; key: string; detail: Record<string, string> }
  | ({ type: "cpu"; id: number } & CpuTimes)
  | { type: "error"; message: string };

export type ParentMessage = { type: "cpu"; id: number } | { type: "stop" };

/** The model the benchmark calls through the gateway, and its name upstream. */
export const BENCH_MODEL = "mts/mws-gpt-alpha";
export const BENCH_UPSTREAM_MODEL = "mws-gpt-alpha";
export const UPSTREAM_KEY = "bench-upstream-key";

export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Answers the parent's CPU queries and stop requests; `stop` also runs when the parent goes away. */
export function serveParent(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stop()
      .catch((err: unknown) => process.stderr.write(`bench child: cleanup failed: ${String(err)}\n`))
      .finally(() => process.exit(0));
  };
  process.on("message", (raw) => {
    const message = raw as ParentMessage;
    if (message.type === "cpu") send({ type: "cpu", id: message.id, cpuMicros: cpuMicros() });
    else if (message.type === "stop") shutdown();
  });
  process.on("disconnect", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}
