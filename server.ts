import { createServer } from "node:http";
import next from "next";
import { getBilling, keepChargeJournal } from "./server/billing";
import { loadConfigOrExit } from "./server/config";
import { closeDb, getDbHandle } from "./server/db";
import { serveNodeApi, serverTimeouts } from "./server/gateway/doors";
import { flushLastUsed } from "./server/gateway/identify";
import { flushRequests } from "./server/gateway/recorder";
import { getLogger } from "./server/logging/logger";
import { getMetrics } from "./server/metrics/registry";
import { getRuntime } from "./server/runtime";
import { getStore } from "./server/store";

const API_PREFIXES = ["/api/v1/", "/v1/"];
/** How long a graceful stop waits to book the charges in its queue (the rest is booked by a sweeper later). */
const SHUTDOWN_BOOKING_MS = 10_000;

/**
 * The production entry (`npm start`): /api/v1/* goes straight from node:http into the gateway
 * (measured 7x the throughput of a route handler); every other request goes to Next.
 */
export async function startServer(): Promise<void> {
  const config = loadConfigOrExit();
  const log = getLogger();
  keepChargeJournal(config.XROUTER_DATA_DIR);
  const handle = await getDbHandle();
  const runtime = await getRuntime();

  const app = next({ dev: false, dir: process.cwd() });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const server = createServer(serverTimeouts, (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const prefix = API_PREFIXES.find((p) => url.pathname.startsWith(p));
    if (prefix) {
      void serveNodeApi(req, res, url.pathname.slice(prefix.length - 1), url.searchParams);
      return;
    }
    if (url.pathname === "/metrics") {
      const { registry } = getMetrics();
      void registry.metrics().then((text) => res.writeHead(200, { "content-type": registry.contentType }).end(text));
      return;
    }
    void handleNext(req, res);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  log.info(
    { port: config.PORT, database: handle.driver, store: getStore().kind, demo: runtime.demo },
    `XRouter listening on http://localhost:${config.PORT}${runtime.demo ? " (demo mode: built-in provider emulators)" : ""}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    server.close();
    server.closeIdleConnections();
    await Promise.allSettled([flushRequests(), flushLastUsed(), getBilling().stop(SHUTDOWN_BOOKING_MS)]);
    await Promise.allSettled(runtime.emulators.map((e) => e.close()));
    await closeDb();
    await getStore().close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
