/**
 * What the soak reads from each instance: its own /metrics (loopback clients may read it without a token) and its
 * CPU time from /proc. Metric names are matched by their standard ending (`process_resident_memory_bytes`,
 * `nodejs_eventloop_lag_p99_seconds` …), so a prefix in front of them (`xrouter_process_…`) reads the same.
 */
import { isProcessAlive } from "../server/process-alive";
import { processCpuMicros } from "./proc-cpu";

export interface InstanceSample {
  alive: boolean;
  rssBytes?: number;
  heapUsedBytes?: number;
  /** The event loop's delay since the previous scrape (prom-client resets its histogram on each one), seconds. */
  loopP99Seconds?: number;
  loopMaxSeconds?: number;
  /** CPU used since the previous sample, in % of one core. */
  cpuPercent?: number;
}

const WANTED = {
  rssBytes: "process_resident_memory_bytes",
  heapUsedBytes: "nodejs_heap_size_used_bytes",
  loopP99Seconds: "nodejs_eventloop_lag_p99_seconds",
  loopMaxSeconds: "nodejs_eventloop_lag_max_seconds",
} as const;

/** The unlabelled samples of a Prometheus text exposition whose names end with the wanted names. */
export function readMetrics(text: string): Partial<Record<keyof typeof WANTED, number>> {
  const found: Partial<Record<keyof typeof WANTED, number>> = {};
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const [name, value] = line.trim().split(/\s+/);
    if (!name || value === undefined || name.includes("{")) continue;
    for (const [field, suffix] of Object.entries(WANTED) as [keyof typeof WANTED, string][])
      if (found[field] === undefined && (name === suffix || name.endsWith(`_${suffix}`))) found[field] = Number(value);
  }
  return found;
}

/** Samples one instance; each call's CPU figure covers the time since the previous call. */
export function instanceSampler(url: string, pid: number): () => Promise<InstanceSample> {
  let last = { at: performance.now(), cpu: processCpuMicros(pid) ?? 0 };
  return async () => {
    const now = { at: performance.now(), cpu: processCpuMicros(pid) };
    const cpuPercent = now.cpu === undefined ? undefined : ((now.cpu - last.cpu) / ((now.at - last.at) * 1000)) * 100;
    last = { at: now.at, cpu: now.cpu ?? last.cpu };
    const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })
      .then((res) => (res.ok ? res.text() : ""))
      .catch(() => "");
    return { alive: isProcessAlive(pid), cpuPercent, ...readMetrics(text) };
  };
}
