import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { Redis, type RedisOptions } from "ioredis";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { toGatewayError } from "../core/errors";
import { DependencyUnavailableError, unavailableDependency } from "./unavailable";

/** The rejection of a promise (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a failure");
}

/** A port nothing listens on, and one that accepts connections and never says a word. */
let closedPort: number;
let silent: Server;
let silentPort: number;
const silentSockets = new Set<Socket>();

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  silent = createServer((socket) => silentSockets.add(socket));
  silentPort = await listen(silent);
});
afterAll(() => {
  for (const socket of silentSockets) socket.destroy();
  silent.close();
});

async function pgFailure(url: string, run: (pool: pg.Pool) => Promise<unknown>): Promise<Error> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 300 });
  pool.on("error", () => {});
  try {
    return await rejection(run(pool));
  } finally {
    await pool.end();
  }
}

async function redisFailure(port: number, options: RedisOptions): Promise<Error> {
  const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, ...options });
  redis.on("error", () => {});
  try {
    return await rejection(redis.get("x"));
  } finally {
    redis.disconnect();
  }
}

describe("unavailableDependency on raw errors", () => {
  it("recognises an unreachable Postgres: refused, silent, through drizzle and through a transaction", async () => {
    const closed = `postgres://postgres@127.0.0.1:${closedPort}/x`;
    expect(unavailableDependency(await pgFailure(closed, (pool) => pool.query("select 1")))).toBe("database");
    expect(unavailableDependency(await pgFailure(closed, (pool) => drizzle(pool).execute(sql`select 1`)))).toBe(
      "database",
    );
    expect(unavailableDependency(await pgFailure(closed, (pool) => drizzle(pool).transaction(async () => {})))).toBe(
      "database",
    );
    const silentUrl = `postgres://postgres@127.0.0.1:${silentPort}/x`;
    const timedOut = await pgFailure(silentUrl, (pool) => drizzle(pool).execute(sql`select 1`));
    expect(unavailableDependency(timedOut)).toBe("database");
  });

  it("recognises a server shutting the connection down (SQLSTATE 57P01) and leaves SQL errors alone", async () => {
    const url = inject("testDatabaseUrl");
    const terminated = await pgFailure(url, (pool) =>
      drizzle(pool).execute(sql`select pg_terminate_backend(pg_backend_pid())`),
    );
    expect(unavailableDependency(terminated)).toBe("database");
    const bySqlState = await pgFailure(url, (pool) => pool.query("select 1/0"));
    expect((bySqlState as Error & { code: string }).code).toBe("22012");
    expect(unavailableDependency(bySqlState)).toBeUndefined();
    expect(
      unavailableDependency(await pgFailure(url, (pool) => drizzle(pool).execute(sql`select no_such_column`))),
    ).toBeUndefined();
  });

  it("recognises an unreachable Redis: retries used up, connection closed, command timed out", async () => {
    expect(unavailableDependency(await redisFailure(closedPort, { maxRetriesPerRequest: 0 }))).toBe("store");
    expect(unavailableDependency(await redisFailure(closedPort, { retryStrategy: () => null }))).toBe("store");
    expect(unavailableDependency(await redisFailure(silentPort, { commandTimeout: 100 }))).toBe("store");
  });

  it("takes tagged errors at their word and ignores look-alikes from elsewhere", () => {
    expect(unavailableDependency(new DependencyUnavailableError("store"))).toBe("store");
    expect(
      unavailableDependency(new Error("meter failed", { cause: new DependencyUnavailableError("database") })),
    ).toBe("database");
    // A client hanging up mid-body, and fetch failing to reach some other service.
    expect(unavailableDependency(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBeUndefined();
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" });
    expect(unavailableDependency(new TypeError("fetch failed", { cause: refused }))).toBeUndefined();
    expect(unavailableDependency(new RangeError("Maximum call stack size exceeded"))).toBeUndefined();
  });
});

describe("toGatewayError for an unavailable dependency", () => {
  it("answers 503 with Retry-After naming the part, never the host or port", async () => {
    const down = await pgFailure(`postgres://postgres@127.0.0.1:${closedPort}/x`, (pool) =>
      drizzle(pool).execute(sql`select secret from t`),
    );
    const database = toGatewayError(down);
    expect(database.status).toBe(503);
    expect(database.headers).toEqual({ "retry-after": "5" });
    expect(database.toBody()).toEqual({
      error: {
        message: expect.stringMatching(/database/),
        type: "server_error",
        code: "database_unavailable",
        param: null,
      },
    });
    expect(database.message).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${closedPort}|select|secret`));

    const store = toGatewayError(await redisFailure(closedPort, { maxRetriesPerRequest: 0 }));
    expect(store.status).toBe(503);
    expect(store.headers).toEqual({ "retry-after": "5" });
    expect(store.toBody().error).toMatchObject({ type: "server_error", code: "store_unavailable" });
    expect(store.message).toMatch(/store/);
  });

  it("keeps 500 internal_error for everything else", () => {
    expect(toGatewayError(new RangeError("boom")).toBody().error.code).toBe("internal_error");
  });
});
