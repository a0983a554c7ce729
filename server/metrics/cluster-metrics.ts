import cluster from "node:cluster";
import { AggregatorRegistry, type PrometheusContentType } from "prom-client";
import { getMetrics } from "./registry";

/**
 * Several server processes of one `npm start` (XROUTER_WORKERS) are one instance to Prometheus: whichever process a
 * scrape reaches asks the primary, which gathers every process's metrics and merges them (counters and histograms
 * summed, gauges by the rule each declares).
 */
interface MetricsMessage {
  xrouter: "metrics" | "metrics-answer";
  id: number;
  body?: string;
  error?: string;
}

const isMetricsMessage = (message: unknown, kind: MetricsMessage["xrouter"]): message is MetricsMessage =>
  typeof message === "object" && message !== null && (message as MetricsMessage).xrouter === kind;

const ASK_TIMEOUT_MS = 10_000;
const waiting = new Map<number, { resolve: (body: string) => void; reject: (err: Error) => void }>();
let asked = 0;
let aggregator: AggregatorRegistry<PrometheusContentType> | undefined;

/** The Prometheus text of this instance: this process's own, or, with several processes, all of them merged. */
export function metricsText(): Promise<string> {
  if (cluster.isWorker) return askPrimary();
  if (aggregator) return aggregator.clusterMetrics();
  return getMetrics().registry.metrics();
}

/** A server process of several: answers the primary's gathering with this process's registry. */
export function joinClusterMetrics(): void {
  // prom-client adds a worker's answering listener only when an AggregatorRegistry is made in it.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([getMetrics().registry]);
  process.on("message", (message: unknown) => {
    if (!isMetricsMessage(message, "metrics-answer")) return;
    const ask = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) ask?.reject(new Error(message.error));
    else ask?.resolve(message.body ?? "");
  });
}

/** The primary: merges the processes' metrics for whichever of them a scrape reached (and for its own metrics port). */
export function gatherClusterMetrics(): void {
  aggregator = new AggregatorRegistry<PrometheusContentType>();
  const merged = aggregator;
  cluster.on("message", (worker, message: unknown) => {
    if (!isMetricsMessage(message, "metrics")) return;
    merged.clusterMetrics().then(
      (body) => worker.send({ xrouter: "metrics-answer", id: message.id, body }),
      (err: unknown) =>
        worker.send({
          xrouter: "metrics-answer",
          id: message.id,
          error: err instanceof Error ? err.message : String(err),
        }),
    );
  });
}

function askPrimary(): Promise<string> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("the primary process did not gather the metrics in time"));
    }, ASK_TIMEOUT_MS);
    waiting.set(id, {
      resolve: (body) => (clearTimeout(timer), resolve(body)),
      reject: (err) => (clearTimeout(timer), reject(err)),
    });
    process.send?.({ xrouter: "metrics", id } satisfies MetricsMessage);
  });
}
