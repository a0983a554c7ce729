/**
 * The bench's own Postgres database and Redis logical database on the machine's shared servers: created for the
 * run, removed after it. Nothing else on those servers is touched (no FLUSHDB, no other database).
 */
import pg from "pg";
import { Redis } from "ioredis";

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `xrouter_bench_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  await admin.connect().catch((err: unknown) => {
    throw new Error(
      `Postgres is needed at ${adminUrl} (BENCH_PG_URL): ${err instanceof Error ? err.message : String(err)}`,
    );
  });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface BenchRedis {
  url: string;
  db: number;
  /** Deletes the keys the run wrote in the bench's logical database (empty when claimed). */
  clear(): Promise<void>;
}

/** The highest-numbered empty logical database of the Redis at `baseUrl` (others use 0 with their own prefixes). */
export async function claimRedisDb(baseUrl: string): Promise<BenchRedis> {
  const probe = new Redis(baseUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await probe.connect().catch((err: unknown) => {
    throw new Error(
      `Redis is needed at ${baseUrl} (BENCH_REDIS_URL): ${err instanceof Error ? err.message : String(err)}`,
    );
  });
  const databases = Number(((await probe.config("GET", "databases")) as string[])[1] ?? 16);
  let db = -1;
  for (let candidate = databases - 1; candidate > 0 && db < 0; candidate--) {
    await probe.select(candidate);
    if ((await probe.dbsize()) === 0) db = candidate;
  }
  await probe.quit();
  if (db < 0) throw new Error(`no empty logical database on ${baseUrl} for the bench`);
  const url = new URL(baseUrl);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    db,
    clear: async () => {
      const redis = new Redis(url.toString(), { maxRetriesPerRequest: 1 });
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== "0");
      await redis.quit();
    },
  };
}
