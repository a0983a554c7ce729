import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * Creates a fresh PostgreSQL database for this run on the real server (TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres) and drops it afterwards. Tests read its URL from
 * the injected `testDatabaseUrl`; Redis tests use TEST_REDIS_URL (default redis://127.0.0.1:6379).
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `xrouter_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide("testDatabaseUrl", url.toString());
  project.provide("testRedisUrl", process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
    testRedisUrl: string;
  }
}
