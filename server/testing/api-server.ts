import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestApi {
  /** e.g. http://127.0.0.1:41234/api/v1 */
  baseURL: string;
  server: Server;
  close(): Promise<void>;
}

export interface TestApiOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Instances that share a prefix share their Redis state (limits, reservations) like production instances. */
  storePrefix?: string;
  env?: Record<string, string>;
}

/**
 * Serves the real gateway through its node:http door on 127.0.0.1 over real Postgres and Redis, with every
 * provider on its built-in emulator. Once per process (the configuration is read once).
 */
export async function serveTestApi(options: TestApiOptions): Promise<TestApi> {
  Object.assign(process.env, {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    AUTH_SECRET: "test-secret-test-secret-test-secret-42",
    XROUTER_DEMO: "on",
    LOG_LEVEL: "silent",
    // Scripted upstreams are admin accounts on 127.0.0.1.
    XROUTER_ALLOW_PRIVATE_UPSTREAMS: "1",
    ...options.env,
  });
  const { serveNodeApi } = await import("../services/public-api/doors");
  const { getRuntime } = await import("../runtime");
  const { RedisStore } = await import("../store/redis");
  (globalThis as { __xrouterStore?: unknown }).__xrouterStore = new RedisStore(
    options.redisUrl,
    options.storePrefix ?? `xr-test:${crypto.randomUUID()}:`,
  );
  const { serveResponseSockets } = await import("../services/public-api/responses-socket");
  const runtime = await getRuntime();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    void serveNodeApi(req, res, url.pathname.replace(/^\/api\/v1/, ""), url.searchParams);
  });
  const sockets = serveResponseSockets(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    server,
    close: async () => {
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      const { flushRequests } = await import("../gateway/recorder");
      const { getBilling } = await import("../billing");
      await Promise.all([flushRequests(), getBilling().charges.flush()]);
      await Promise.all(runtime.emulators.map((e) => e.close()));
      const violations = runtime.emulators.flatMap((e) => e.violations.map((v) => `${e.url} ${v.method} ${v.path} → ${v.status}`));
      if (violations.length > 0) throw new Error(`the provider emulators refused requests:\n${violations.join("\n")}`);
    },
  };
}

/** serveTestApi on the run's fresh Postgres database and the real Redis. Call once per test file. */
export async function startTestApi(env: Record<string, string> = {}, storePrefix?: string): Promise<TestApi> {
  const { inject } = await import("vitest");
  return serveTestApi({ databaseUrl: inject("testDatabaseUrl"), redisUrl: inject("testRedisUrl"), env, storePrefix });
}

/** A user with an API key in the test database; the user gets `creditRub` (default 1000 RUB) of balance. */
export async function createTestKey(
  options: {
    rpm?: number;
    allowedModels?: string[];
    allowedIps?: string[];
    creditRub?: number;
    limitMicro?: number;
    limitPeriod?: "day" | "week" | "month" | "total";
  } = {},
) {
  const { getDb } = await import("../db");
  const { createUser } = await import("../services/users/create-user");
  const { createKey } = await import("../services/keys/create-key");
  const db = await getDb();
  const { addCredits } = await import("../services/credits/add-credits");
  const user = await createUser(db, { email: `api-${crypto.randomUUID().slice(0, 8)}@example.test` });
  const { creditRub = 1000, ...keyOptions } = options;
  if (creditRub > 0) await addCredits(db, { userId: user.id, amountMicro: creditRub * 1_000_000, kind: "adjustment" });
  const { key, record } = await createKey(db, { userId: user.id, ...keyOptions });
  return { key, keyId: record.id, userId: user.id };
}
