import pg from "pg";
import { inject } from "vitest";
import { openDb } from "../../db/client";
import { migrate } from "../../db/migrate";

export interface FaultDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A migrated database of its own for one scenario, on the run's Postgres server: its money check then covers
 * exactly what the scenario did, and a scenario that breaks the books cannot fail the next one. Migrated here,
 * before any gateway starts, so two instances never race to migrate.
 */
export async function createFaultDatabase(label: string): Promise<FaultDatabase> {
  const serverUrl = inject("testDatabaseUrl");
  const name = `xrouter_fault_${label.replace(/\W/g, "_")}_${Date.now()}_${process.pid}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), dataDir: "/nonexistent" });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  return { url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
