import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Registry } from "prom-client";
import { getLogger } from "../logging/logger";
import { isLocalClient } from "../net/local-request";
import { metricsText } from "./cluster-metrics";

export interface MetricsGate {
  /** XROUTER_METRICS_TOKEN: when set, the scraper must send it as a bearer token, from anywhere. */
  token?: string;
  /** The client IP on the main port: without a token, only this machine may scrape there. Unset on the metrics port. */
  clientIp?: string;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(presented), digest(token));
}

const text = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers }).end(body);

/**
 * Prometheus exposition, if the gate lets the scraper in. The metrics name providers, accounts, models and traffic:
 * not for the public. Without a token, the main port answers only scrapes from this machine that came through no
 * proxy (a reverse proxy here connects from loopback for everyone).
 */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, gate: MetricsGate): void {
  if (gate.token !== undefined) {
    if (!bearerMatches(req.headers.authorization, gate.token))
      return text(res, 401, "a bearer token is required\n", { "www-authenticate": 'Bearer realm="metrics"' });
  } else if (gate.clientIp !== undefined && !isLocalClient(gate.clientIp, (name) => [req.headers[name]].flat().join(",") || undefined)) {
    return text(res, 403, "metrics are served to this machine only: set XROUTER_METRICS_TOKEN or XROUTER_METRICS_PORT to scrape from elsewhere\n");
  }
  metricsText().then(
    (body) => res.writeHead(200, { "content-type": Registry.PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" }).end(body),
    (err: unknown) => {
      getLogger().error({ err }, "could not render the metrics");
      text(res, 500, "the metrics could not be rendered\n");
    },
  );
}

/** XROUTER_METRICS_PORT: /metrics alone on its own port (reachable where the network lets it be), all interfaces. */
export async function listenForMetrics(port: number, token: string | undefined): Promise<Server> {
  const server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/metrics") return text(res, 404, "not found\n");
    serveMetrics(req, res, { token });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, resolve));
  return server;
}
