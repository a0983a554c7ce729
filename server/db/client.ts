import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { randomBase62 } from "../ids";
import { getLogger } from "../logging/logger";
import { secretFile } from "../secret-file";
import * as schema from "./schema";
import { isProcessAlive } from "../process-alive";

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
  /** Announce an embedded PGlite started here, so the CLI and psql can reach it (the server's). */
  share?: boolean;
}

/** Where the process that started PGlite announces the loopback socket it is served on. */
export function sharedPgliteFile(dataDir: string): string {
  return path.join(dataDir, "pglite-server.json");
}


/** The embedded database's password (for psql: PGPASSWORD); whoever can read it can reach the whole database. */
export function pglitePasswordFile(dataDir: string): string {
  return path.join(dataDir, "pglite-password");
}

/** The URL of a PGlite shared by a live server on this data folder, if any, with the folder's password. */
export function runningServerDatabaseUrl(dataDir: string): string | undefined {
  const file = sharedPgliteFile(dataDir);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, "utf8")) as { pid: number; port: number };
  if (info.pid === process.pid || !isProcessAlive(info.pid)) return undefined;
  const password = readFileSync(pglitePasswordFile(dataDir), "utf8").trim();
  return `postgres://postgres:${password}@127.0.0.1:${info.port}/postgres`;
}

/**
 * How long a query waits for a connection to a PostgreSQL server: one that does not answer fails requests in
 * seconds (503) instead of hanging them. The wait for a free pooled connection counts too, which is why the
 * embedded database, one connection that is busy by design, has no bound. Queries themselves are not bounded:
 * migrations may run long.
 */
const CONNECT_TIMEOUT_MS = 3_000;

async function openPostgres(url: string, max: number, connectTimeoutMs = 0): Promise<DbHandle> {
  const { Pool } = (await import("pg")).default;
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: connectTimeoutMs });
  // An idle connection dropped by a restarting server is replaced on next use; unheard, it would end the process.
  pool.on("error", (err) => getLogger().warn({ err }, "an idle database connection failed"));
  const db = drizzle(pool, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "postgres", close: () => pool.end() };
}

const WORKER_CLOSE_TIMEOUT_MS = 5_000;

/**
 * Starts the embedded PGlite on its own thread (see pglite-worker.mjs) and connects to it like to any Postgres.
 * One connection: PGlite runs one query at a time anyway, and it keeps this process's transactions apart.
 * With `announce`, the socket is announced in the data folder for the CLI and psql.
 */
async function openPglite(dataDir: string, announce: boolean): Promise<DbHandle> {
  const { Worker } = await import("node:worker_threads");
  const announceFile = announce ? sharedPgliteFile(dataDir) : undefined;
  const password = secretFile(pglitePasswordFile(dataDir), () => randomBase62(32));
  // Resolved at run time from the project folder, so bundlers leave the worker file alone.
  const worker = new Worker(path.resolve(process.cwd(), "server/db/pglite-worker.mjs"), { workerData: { dataDir, announceFile, password } });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      exited = true;
      if (announceFile) rmSync(announceFile, { force: true });
      resolve();
    }),
  );
  // A failure after start-up fails the queries (the socket closes) and is logged; it must not end the process.
  worker.on("error", (err) => getLogger().error({ err }, "the embedded database stopped"));
  const { port, extensions } = await new Promise<{ port: number; extensions: string[] }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    void exit.then(() => reject(new Error("the embedded database stopped while starting")));
  });
  const handle = await openPostgres(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`, 1);
  // The server's only (a CLI command's output stays its own): which extensions the worker loaded, pgvector among them.
  if (announce) getLogger().info({ extensions }, `the embedded database (PGlite) started; extensions loaded: ${extensions.join(", ")}`);
  return {
    db: handle.db,
    driver: "pglite",
    close: async () => {
      await handle.close();
      if (!exited) worker.postMessage("close");
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, WORKER_CLOSE_TIMEOUT_MS).unref())]);
      if (!exited) await worker.terminate();
    },
  };
}

/**
 * Opens the database: PostgreSQL with DATABASE_URL; otherwise the PGlite in the data folder, through the
 * running server's socket when one holds it (PGlite allows one process per folder), else started here
 * (and announced for others when `share` is set: the server does, a CLI command does not).
 */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, 10, CONNECT_TIMEOUT_MS);
  const shared = runningServerDatabaseUrl(options.dataDir);
  if (shared) return openPostgres(shared, 1);
  return openPglite(options.dataDir, options.share ?? false);
}
