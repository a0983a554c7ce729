import { createServer } from "node:http";
import next from "next";
import { getBilling, keepChargeJournal } from "./server/billing";
import { closeDb, getDbHandle } from "./server/db";
import { serveNodeApi, serverTimeouts } from "./server/services/public-api/doors";
import { flushLastUsed } from "./server/gateway/identify";
import { flushRequests } from "./server/gateway/recorder";
import { getLogger } from "./server/logging/logger";
import { joinClusterMetrics } from "./server/metrics/cluster-metrics";
import { listenForMetrics, serveMetrics } from "./server/metrics/serve-metrics";
import { getTrustedProxies, requestClientIp, stampClientIp } from "./server/net/client-ip";
import { limitConnections, refuseCutHeaders } from "./server/net/connection-limits";
import { drainable } from "./server/net/drain";
import { securityHeaders } from "./server/net/security-headers";
import { getRuntime } from "./server/runtime";
import { loadEnvironmentOrExit } from "./server/runtime/environment";
import { isServerWorker, onStopSignal } from "./server/runtime/workers";
import { keepIpAccessLoaded } from "./server/services/ip-access/ip-access";
import { refuseByIpLists } from "./server/services/ip-access/refuse-by-ip-lists";
import { serveResponseSockets } from "./server/services/public-api/responses-socket";
import { getStore } from "./server/store";

const API_PREFIXES = ["/api/v1/", "/v1/"];
/** How long a graceful stop waits to book the charges in its queue (the rest is booked by a sweeper later). */
const SHUTDOWN_BOOKING_MS = 10_000;

/**
 * The production entry (`npm start`): /api/v1/* goes straight from node:http into the gateway
 * (measured 7x the throughput of a route handler); every other request goes to Next.
 */
export async function startServer(): Promise<void> {
  const config = loadEnvironmentOrExit();
  const log = getLogger();
  keepChargeJournal(config.XROUTER_DATA_DIR);
  const handle = await getDbHandle();
  const runtime = await getRuntime();

  // Next attaches an `upgrade` listener to the server of the first request it handles, and it ends every upgrade
  // it does not route (the Responses API's WebSockets among them). Production needs no upgrade of Next's (there
  // is no hot reload): it gets a server of its own that never listens.
  const app = next({ dev: false, dir: process.cwd(), httpServer: createServer() });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const responseHeaders = securityHeaders(config.XROUTER_PUBLIC_URL);
  await keepIpAccessLoaded();
  const server = createServer(serverTimeouts, (req, res) => {
    res.setHeaders(responseHeaders);
    if (refuseCutHeaders(req, res)) return;
    const ip = requestClientIp(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const prefix = API_PREFIXES.find((p) => url.pathname.startsWith(p));
    if (refuseByIpLists(res, ip, url.pathname, prefix !== undefined)) return;
    if (prefix) {
      void serveNodeApi(req, res, url.pathname.slice(prefix.length - 1), url.searchParams, ip);
      return;
    }
    // With a metrics port, /metrics here is an ordinary (missing) page.
    if (url.pathname === "/metrics" && !config.XROUTER_METRICS_PORT) {
      serveMetrics(req, res, { token: config.XROUTER_METRICS_TOKEN, clientIp: ip });
      return;
    }
    stampClientIp(req, ip);
    void handleNext(req, res);
  });
  server.keepAliveTimeout = 65_000;
  const inFlight = drainable(server);
  // WebSocket upgrades: the Responses API's WebSocket mode; any other path is answered 404.
  const sockets = serveResponseSockets(server);
  // One of several server processes (XROUTER_WORKERS): connections are dealt round-robin, so each keeps its share.
  const worker = isServerWorker();
  const processes = worker ? Number(config.XROUTER_WORKERS) : 1;
  if (worker) joinClusterMetrics();
  limitConnections(server, { maxPerIp: Math.ceil(config.XROUTER_MAX_CONNECTIONS_PER_IP / processes), exempt: (peer) => getTrustedProxies()?.has(peer) === true });

  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  // With several server processes the primary serves the metrics port.
  const metricsServer = config.XROUTER_METRICS_PORT && !worker ? await listenForMetrics(config.XROUTER_METRICS_PORT, config.XROUTER_METRICS_TOKEN) : undefined;
  log.info(
    { port: config.PORT, database: handle.driver, store: getStore().kind, demo: runtime.demo },
    `XRouter listening on http://localhost:${config.PORT}${runtime.demo ? " (demo mode: built-in provider emulators)" : ""}`,
  );
  if (!config.XROUTER_PUBLIC_URL)
    log.warn(`XROUTER_PUBLIC_URL is not set: links in mail and the OAuth issuer point at http://localhost:${config.PORT}; set it to the URL users reach`);

  // A stop: readiness 503 at once, requests still served for the grace (SIGTERM only: a balancer's checks notice;
  // Ctrl-C needs none), then no new connections and a wait for what is in flight, then charges and records are
  // flushed. A second signal cuts the waits short.
  const cutShort = new AbortController();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return cutShort.abort();
    stopping = true;
    const graceMs = signal === "SIGTERM" ? config.XROUTER_SHUTDOWN_GRACE_MS : 0;
    log.info({ signal, graceMs, drainTimeoutMs: config.XROUTER_DRAIN_TIMEOUT_MS, inFlight: inFlight.inFlight() }, "shutting down: draining");
    const drained = await inFlight.drain({
      graceMs,
      timeoutMs: config.XROUTER_DRAIN_TIMEOUT_MS,
      closeIdleWork: () => sockets.closeIdle(),
      signal: cutShort.signal,
    });
    log.info(drained, drained.cut ? "drain timed out: cutting what still runs" : "drained");
    sockets.close();
    metricsServer?.close();
    await Promise.allSettled([runtime.jobs.stop(), flushRequests(), flushLastUsed(), getBilling().stop(SHUTDOWN_BOOKING_MS)]);
    await Promise.allSettled(runtime.emulators.map((e) => e.close()));
    await closeDb();
    await getStore().close();
    process.exit(0);
  };
  onStopSignal((signal) => void stop(signal));
}
