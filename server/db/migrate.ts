import path from "node:path";
import type { DbHandle } from "./client";

/** drizzle-kit's generated migrations; entry points run from the project folder. */
export const migrationsFolder = path.resolve(process.cwd(), "drizzle");

/** Applies the drizzle-kit migrations in drizzle/ (idempotent). */
export async function migrate(handle: DbHandle): Promise<void> {
  // Every database, the embedded PGlite included, is reached through node-postgres.
  const { migrate: migratePg } = await import("drizzle-orm/node-postgres/migrator");
  await migratePg(handle.db as Parameters<typeof migratePg>[0], { migrationsFolder });
}
