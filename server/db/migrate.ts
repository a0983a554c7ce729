import path from "node:path";
import { sql } from "drizzle-orm";
import type { NodePgClient } from "drizzle-orm/node-postgres";
import type { PoolClient } from "pg";
import type { Db, DbHandle } from "./client";
import { queryRows } from "./rows";

/** drizzle-kit's generated migrations; entry points run from the project folder. */
export const migrationsFolder = path.resolve(process.cwd(), "drizzle");

/** The Postgres advisory lock every migrating process takes (the server at boot, `xrouter migrate`): any constant, ours. */
export const MIGRATION_LOCK_KEY = 7_463_129_001;

/**
 * Applies the drizzle-kit migrations in drizzle/ (idempotent) under a Postgres advisory lock, so instances that
 * start together (a rolling deploy, a scale-up) migrate one after another: the first applies, the others find
 * nothing left to do. Lock and migrations share one connection, so it works on the embedded PGlite's single one
 * too; a process that dies holding the lock loses it with its connection.
 */
export async function migrate(handle: DbHandle): Promise<void> {
  // Every database, the embedded PGlite included, is reached through node-postgres.
  const [{ migrate: migratePg }, { drizzle }, { Pool }] = await Promise.all([
    import("drizzle-orm/node-postgres/migrator"),
    import("drizzle-orm/node-postgres"),
    import("pg").then((pg) => pg.default),
  ]);
  const source = (handle.db as unknown as { $client: NodePgClient }).$client;
  const client = source instanceof Pool ? await source.connect() : source;
  let failed: Error | undefined;
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzle(client), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    // A connection that failed mid-way is closed rather than pooled: it may still hold the lock.
    if (client !== source) (client as PoolClient).release(failed);
  }
}

/**
 * pgvector in this database: "created" (by the migrations, where the server offers it: the embedded PGlite always
 * does), "not-created" (the server offers it, but the migrating role could not create it) or "absent".
 */
export async function vectorSupport(db: Db): Promise<"created" | "not-created" | "absent"> {
  const [row] = await queryRows<{ created: boolean; offered: boolean }>(
    db,
    sql`select exists (select 1 from pg_extension where extname = 'vector') as created,
      exists (select 1 from pg_available_extensions where name = 'vector') as offered`,
  );
  return row!.created ? "created" : row!.offered ? "not-created" : "absent";
}
