/** IPC between the benchmark (parent) and its helper children: the upstream emulator and the floor proxy. */

export type ChildMessage =
  | { type: "ready"; pid: number; url: string; key: string; detail: Record<string, string> }
  | { type: "error"; message: string };

export type ParentMessage = { type: "stop" };

/** The model the benchmark calls through the gateway, and its name upstream. */
export const BENCH_MODEL = "mts/mws-gpt-alpha";
export const BENCH_UPSTREAM_MODEL = "mws-gpt-alpha";
export const UPSTREAM_KEY = "bench-upstream-key";

/** Answers the parent's stop request; `stop` also runs when the parent goes away. */
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
    if ((raw as ParentMessage).type === "stop") shutdown();
  });
  process.on("disconnect", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}
