import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startPgProxy } from "./pg-proxy";
import { startRedis } from "./redis-server";

// The fault helpers are test code too: a proxy that never really cut, or a Redis that never froze, would make
// every scenario pass for the wrong reason.

describe("startRedis", () => {
  it("serves, freezes, thaws, dies and comes back empty on the same port", async () => {
    const server = await startRedis();
    const redis = new Redis(server.url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => 100,
    });
    try {
      await redis.connect();
      await redis.set("k", "v");
      server.freeze();
      const frozen = await Promise.race([
        redis.get("k"),
        new Promise((resolve) => setTimeout(() => resolve("no answer"), 300)),
      ]);
      expect(frozen).toBe("no answer");
      server.thaw();
      await expect.poll(() => redis.get("k")).toBe("v");
      await server.kill();
      await expect(redis.get("k")).rejects.toThrow();
      await server.restart();
      await expect.poll(() => redis.get("k").catch(() => "down"), { timeout: 5_000 }).toBeNull();
    } finally {
      redis.disconnect();
      await server.close();
    }
  });
});

describe("startPgProxy", () => {
  const query = async (url: string, timeoutMs = 1_000) => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    try {
      await client.connect();
      return (await client.query<{ one: number }>("select 1 as one")).rows[0]!.one;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  let close: (() => Promise<void>) | undefined;
  afterAll(() => close?.());

  it("forwards, cuts, freezes and restores", async () => {
    const proxy = await startPgProxy(inject("testDatabaseUrl"));
    close = proxy.close;
    expect(await query(proxy.url)).toBe(1);

    const open = new pg.Client({ connectionString: proxy.url });
    const closed = new Promise((resolve) => open.once("error", resolve));
    await open.connect();
    proxy.cut();
    await closed;
    await expect(query(proxy.url)).rejects.toThrow();

    proxy.restore();
    const held = new pg.Client({ connectionString: proxy.url, query_timeout: 5_000 });
    await held.connect();
    proxy.freeze();
    const started = Date.now();
    const pending = held.query("select 2 as two");
    await expect(query(proxy.url, 300)).rejects.toThrow(/timeout/i);
    proxy.restore();
    expect((await pending).rows[0]).toEqual({ two: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await held.end();
    expect(await query(proxy.url)).toBe(1);
  });
});
