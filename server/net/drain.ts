import type { Server } from "node:http";

/** Process-wide: the server bundle and Next's routes (readiness) are separate module graphs. */
const g = globalThis as { __xrouterDraining?: boolean };

/** True once the process has begun to stop: readiness answers 503 so balancers send elsewhere. */
export function isDraining(): boolean {
  return g.__xrouterDraining === true;
}

export interface DrainOptions {
  /** How long requests are still accepted after readiness turned 503 (a balancer's health checks notice meanwhile). */
  graceMs: number;
  /** Then the longest wait for what is in flight; what still runs afterwards is cut. */
  timeoutMs: number;
  /** Work in flight beyond HTTP requests (WebSocket responses): closes what is idle, returns how much still runs. */
  closeIdleWork?: () => number;
  /** Cuts the waits short (a second signal). */
  signal?: AbortSignal;
}

export interface DrainResult {
  /** Requests and other work still running when the wait ended (0: everything finished). */
  cut: number;
  /** How long the drain took from its start, ms. */
  ms: number;
}

export interface Drainable {
  /** HTTP requests whose response has not ended yet (streams included). */
  inFlight(): number;
  /** Readiness 503, the grace, no new connections, the wait for what is in flight, then every connection closed. */
  drain(options: DrainOptions): Promise<DrainResult>;
}

const POLL_MS = 50;

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Counts the server's requests in flight from here on (call before it listens) and stops it gracefully on demand.
 * Answers started while draining close their connection after them, so clients reconnect to another instance.
 */
export function drainable(server: Server): Drainable {
  let inFlight = 0;
  // Before the request handler, so an answer it ends at once is counted and its close seen.
  server.prependListener("request", (_req, res) => {
    inFlight++;
    if (isDraining()) res.shouldKeepAlive = false;
    res.once("close", () => inFlight--);
  });

  async function drain({ graceMs, timeoutMs, closeIdleWork = () => 0, signal }: DrainOptions): Promise<DrainResult> {
    const started = Date.now();
    g.__xrouterDraining = true;
    await pause(graceMs, signal);
    server.close();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      server.closeIdleConnections();
      const left = inFlight + closeIdleWork();
      if (left === 0 || Date.now() >= deadline || signal?.aborted) {
        server.closeAllConnections();
        return { cut: left, ms: Date.now() - started };
      }
      await pause(Math.min(POLL_MS, deadline - Date.now()), signal);
    }
  }

  return { inFlight: () => inFlight, drain };
}
