import { getConfig } from "../config";
import { openDb, type Db, type DbHandle } from "./client";

export type { Db, DbHandle } from "./client";

const g = globalThis as { __xrouterDb?: Promise<DbHandle> };

/**
 * The process-wide database, opened on first use (never at import: `next build` imports routes).
 * Kept on globalThis because the custom server and Next's route modules are separate module graphs.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!g.__xrouterDb) {
    const config = getConfig();
    g.__xrouterDb = openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.XROUTER_DATA_DIR, share: true });
  }
  return g.__xrouterDb;
}

/** The database if this process has opened it, without opening it (metrics read through it only then). */
export function openedDbHandle(): Promise<DbHandle> | undefined {
  return g.__xrouterDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = g.__xrouterDb;
  g.__xrouterDb = undefined;
  if (handle) await (await handle).close();
}
