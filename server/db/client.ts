import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  /** "postgres" (DATABASE_URL, or the PGlite another process on this data folder shares) or "pglite" (started here). */
  driver: "postgres" | "pglite";
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
}

/** Where the process that started PGlite announces the loopback socket it is served on. */
export function sharedPgliteFile(dataDir: string): string {
  return path.join(dataDir, "pglite-server.json");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of a PGlite shared by a live server on this data folder, if any. */
export function runningServerDatabaseUrl(dataDir: string): string | undefined {
  const file = sharedPgliteFile(dataDir);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, "utf8")) as { pid: number; port: number };
  if (info.pid === process.pid || !isAlive(info.pid)) return undefined;
  return `postgres://postgres@127.0.0.1:${info.port}/postgres`;
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { Pool } = (await import("pg")).default;
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, max });
  const db = drizzle(pool, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "postgres", close: () => pool.end() };
}

/**
 * Starts the embedded PGlite on its own thread (see pglite-worker.mjs) and connects to it like to any Postgres.
 * One connection: PGlite runs one query at a time anyway, and it keeps this process's transactions apart.
 */
async function openPglite(dataDir: string): Promise<DbHandle> {
  const { Worker } = await import("node:worker_threads");
  // Resolved at run time from the project folder, so bundlers leave the worker file alone.
  const worker = new Worker(path.resolve(process.cwd(), "server/db/pglite-worker.mjs"), {
    workerData: { dataDir, announceFile: sharedPgliteFile(dataDir) },
  });
  const reply = <T>(pick: (message: Record<string, unknown>) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        const value = pick(message);
        if (value === undefined) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(value);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const port = await reply((m) => m.port as number | undefined);
  const handle = await openPostgres(`postgres://postgres@127.0.0.1:${port}/postgres`, 1);
  return {
    db: handle.db,
    driver: "pglite",
    close: async () => {
      await handle.close();
      const closed = reply((m) => m.closed as boolean | undefined);
      worker.postMessage("close");
      await closed;
      await worker.terminate();
    },
  };
}

/**
 * Opens the database: PostgreSQL with DATABASE_URL; otherwise the PGlite in the data folder, through the
 * running server's socket when one holds it (PGlite allows one process per folder), else started here and
 * shared the same way.
 */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, 10);
  const shared = runningServerDatabaseUrl(options.dataDir);
  if (shared) return openPostgres(shared, 1);
  return openPglite(options.dataDir);
}
