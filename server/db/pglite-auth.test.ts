import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, sharedPgliteFile, type DbHandle } from "./client";

let dataDir: string;
let handle: DbHandle;
let port: number;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "xrouter-pglite-auth-"));
  handle = await openDb({ dataDir, share: true });
  port = (JSON.parse(readFileSync(sharedPgliteFile(dataDir), "utf8")) as { port: number }).port;
});
afterAll(async () => {
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const connect = async (password?: string) => {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", password, connectionTimeoutMillis: 5_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.query<{ answer: number }>("select 41 + 1 as answer")).rows[0]!.answer;
  } finally {
    await client.end().catch(() => undefined);
  }
};

describe("the embedded database's loopback socket", () => {
  it("keeps a password in the data folder that only its owner can read", () => {
    const file = path.join(dataDir, "pglite-password");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toMatch(/^[0-9A-Za-z]{32,}$/);
  });

  it("refuses a connection without the password or with a wrong one", async () => {
    await expect(connect()).rejects.toThrow();
    await expect(connect("not-the-password")).rejects.toThrow(/password authentication failed/);
  });

  it("lets node-postgres and psql in with the password", async () => {
    const password = readFileSync(path.join(dataDir, "pglite-password"), "utf8").trim();
    expect(await connect(password)).toBe(42);
    // The server's own connection works alongside.
    expect(await handle.db.execute(sql`select 1 as one`)).toBeDefined();

    const psql = (env: Record<string, string>) =>
      spawnSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-w", "-tAc", "select 41 + 1"], {
        env: { ...process.env, PGPASSWORD: "", ...env },
        encoding: "utf8",
        timeout: 10_000,
      });
    const hasPsql = spawnSync("psql", ["--version"]).status === 0;
    if (!hasPsql) return;
    expect(psql({ PGPASSWORD: password }).stdout.trim()).toBe("42");
    const refused = psql({});
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/password/);
  });
});
