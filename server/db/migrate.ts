import path from "node:path";
import type { DbHandle } from "./client";

/** drizzle-kit's generated migrations; entry points run from the project folder. */
export const migrationsFolder = path.resolve(process.cwd(), "drizzle");

/** Applies the drizzle-kit migrations in drizzle/ (idempotent). */
export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(handle.db as Parameters<typeof migratePglite>[0], { migrationsFolder });
  } else {
    const { migrate: migratePg } = await import("drizzle-orm/node-postgres/migrator");
    await migratePg(handle.db as Parameters<typeof migratePg>[0], { migrationsFolder });
  }
}
