import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  /** "postgres" (DATABASE_URL or a running server's shared PGlite) or "pglite" (opened in this process). */
  driver: "postgres" | "pglite";
  /** Present when this process opened PGlite itself. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
}

/** Where a running server announces the local socket through which it shares its PGlite. */
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

async function openPglite(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(path.join(dataDir, "pglite"));
  const db = drizzle(pglite, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", pglite, close: () => pglite.close() };
}

/**
 * Opens the database: PostgreSQL with DATABASE_URL; otherwise the PGlite in the data folder,
 * through the running server's socket when one holds it (PGlite allows one process per folder).
 */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, 10);
  const shared = runningServerDatabaseUrl(options.dataDir);
  if (shared) return openPostgres(shared, 1);
  return openPglite(options.dataDir);
}
