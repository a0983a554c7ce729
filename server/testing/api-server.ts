import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inject } from "vitest";

export interface TestApi {
  /** e.g. http://127.0.0.1:41234/api/v1 */
  baseURL: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the real gateway through its node:http door on 127.0.0.1, on the run's fresh Postgres
 * database and the real Redis (unique key prefix), with every provider on its built-in emulator.
 * Call once per test file (the configuration is read once per worker).
 */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  Object.assign(process.env, {
    DATABASE_URL: inject("testDatabaseUrl"),
    REDIS_URL: inject("testRedisUrl"),
    AUTH_SECRET: "test-secret-test-secret-test-secret-42",
    XROUTER_DEMO: "on",
    LOG_LEVEL: "silent",
    ...env,
  });
  const { serveNodeApi } = await import("../gateway/doors");
  const { getRuntime } = await import("../runtime");
  const { RedisStore } = await import("../store/redis");
  (globalThis as { __xrouterStore?: unknown }).__xrouterStore = new RedisStore(
    inject("testRedisUrl"),
    `xr-test:${crypto.randomUUID()}:`,
  );
  const runtime = await getRuntime();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    void serveNodeApi(req, res, url.pathname.replace(/^\/api\/v1/, ""), url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      const { flushRequests } = await import("../gateway/recorder");
      await flushRequests();
      await Promise.all(runtime.emulators.map((e) => e.close()));
    },
  };
}

/** A user with an API key in the test database; the user gets `creditRub` (default 1000 RUB) of balance. */
export async function createTestKey(
  options: { rpm?: number; allowedModels?: string[]; creditRub?: number; limitMicro?: number; limitPeriod?: "day" | "week" | "month" | "total" } = {},
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
