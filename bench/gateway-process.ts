/**
 * Child process: the real gateway as `npm start` serves it (node:http straight into the gateway door,
 * without Next), configured by the environment the benchmark passes (DATABASE_URL or a PGlite folder,
 * REDIS_URL, MWS_* pointing at the emulator child, XROUTER_DEMO=off). It creates a user and an API key
 * whose rpm limit is far above the load (so the limit check runs on every request but never trips),
 * then reports its URL, the key and its pid to the parent.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getConfig } from "../server/config";
import { closeDb, getDb, getDbHandle } from "../server/db";
import { serveNodeApi } from "../server/gateway/doors";
import { flushLastUsed } from "../server/gateway/identify";
import { flushRequests } from "../server/gateway/recorder";
import { getRuntime } from "../server/runtime";
import { addCredits } from "../server/services/credits/add-credits";
import { createKey } from "../server/services/keys/create-key";
import { createUser } from "../server/services/users/create-user";
import { getStore } from "../server/store";
import { RedisStore } from "../server/store/redis";
import { BENCH_MODEL, send, serveParent } from "./protocol";

const API_PREFIXES = ["/api/v1/", "/v1/"];

/** Deletes every Redis key the run wrote (generation records, rpm windows) under its unique prefix. */
async function dropPrefix(store: RedisStore, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await store.redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await store.redis.unlink(...keys);
  } while (cursor !== "0");
}

async function main() {
  const config = getConfig();
  const prefix = process.env.BENCH_REDIS_PREFIX;
  let redisStore: RedisStore | undefined;
  if (config.REDIS_URL && prefix) {
    redisStore = new RedisStore(config.REDIS_URL, prefix);
    (globalThis as { __xrouterStore?: unknown }).__xrouterStore = redisStore;
  }

  const runtime = await getRuntime();
  const db = await getDb();
  const user = await createUser(db, { email: `bench-${crypto.randomUUID().slice(0, 8)}@example.test` });
  // Enough balance that billing holds and settles every request without ever refusing one.
  await addCredits(db, { userId: user.id, amountMicro: 1_000_000_000_000, kind: "adjustment", note: "bench" });
  const { key } = await createKey(db, {
    userId: user.id,
    name: "bench",
    rpm: 100_000_000,
    limitMicro: 1_000_000_000_000_000,
    limitPeriod: "month",
    allowedModels: [BENCH_MODEL],
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const prefix = API_PREFIXES.find((p) => url.pathname.startsWith(p));
    if (prefix) {
      void serveNodeApi(req, res, url.pathname.slice(prefix.length - 1), url.searchParams);
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  serveParent(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await Promise.allSettled([flushRequests(), flushLastUsed()]);
    await Promise.allSettled(runtime.emulators.map((e) => e.close()));
    if (redisStore && prefix) await dropPrefix(redisStore, prefix).catch(() => {});
    await closeDb();
    await getStore().close();
  });
  send({
    type: "ready",
    pid: process.pid,
    url: `http://127.0.0.1:${port}`,
    key,
    detail: {
      database: (await getDbHandle()).driver,
      store: getStore().kind,
      providers: [...runtime.providers.keys()].join(","),
      logLevel: config.LOG_LEVEL,
    },
  });
}

main().catch((err: unknown) => {
  send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
