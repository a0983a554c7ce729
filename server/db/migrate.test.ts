import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { openDb, type DbHandle } from "./client";
import { migrate, MIGRATION_LOCK_KEY, migrationsFolder } from "./migrate";

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
  entries: unknown[];
};
const name = `xrouter_migrate_${Date.now()}_${process.pid}`;
const url = new URL(inject("testDatabaseUrl"));
url.pathname = `/${name}`;

async function onServer(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject("testDatabaseUrl") });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

const handles: DbHandle[] = [];
const open = async () => {
  const handle = await openDb({ databaseUrl: url.toString(), dataDir: "/nonexistent" });
  handles.push(handle);
  return handle;
};

beforeAll(() => onServer(`CREATE DATABASE ${name}`));
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe("migrations under a lock", () => {
  it("three instances migrating an empty database at once all succeed, and each migration is applied once", async () => {
    const instances = await Promise.all([open(), open(), open()]);
    await Promise.all(instances.map((handle) => migrate(handle)));

    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    try {
      const { rows } = await check.query<{ n: number; hashes: number }>(
        "select count(*)::int as n, count(distinct hash)::int as hashes from drizzle.__drizzle_migrations",
      );
      expect(rows[0]).toEqual({ n: journal.entries.length, hashes: journal.entries.length });
      const locks = await check.query(
        "select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())",
      );
      expect(locks.rowCount, "the lock is given back").toBe(0);
    } finally {
      await check.end();
    }
  });

  it("waits while another process holds the migration lock", async () => {
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    try {
      await holder.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      let done = false;
      const migrating = migrate(await open()).then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      await holder.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      await migrating;
      expect(done).toBe(true);
    } finally {
      await holder.end();
    }
  });
});
