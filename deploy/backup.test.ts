/**
 * The backup procedure of docs/deployment.md, end to end on the local Postgres (TEST_PG_URL's server): a migrated
 * database with money in it (users, keys, top-ups, adjustments, charges, audit events, made by the project's services),
 * `scripts/backup.sh dump`, `scripts/backup.sh restore` into a new database (which runs `xrouter ledger check`), and
 * the same rows on both sides.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookCharges } from "../server/billing/ledger";
import { openDb, type DbHandle } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { recordAuditEvent } from "../server/services/audit/record-event";
import { checkLedger } from "../server/services/billing/check-ledger";
import { addCredits } from "../server/services/credits/add-credits";
import { createKey } from "../server/services/keys/create-key";
import { createUser } from "../server/services/users/create-user";
import { uniqueEmail } from "../server/testing/databases";

const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server; its URL. */
async function createDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `xrouter_${label}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** Runs scripts/backup.sh from `cwd`, where relative file names are resolved. */
function backup(cwd: string, databaseUrl: string, args: string[]) {
  return spawnSync("bash", [path.join(ROOT, "scripts/backup.sh"), ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
}

/**
 * Row counts of every table (the application's and drizzle's migration journal), by schema.table; but for the row
 * in which `xrouter ledger check` records its own outcome (settings.ledger_check), written by the restore's check.
 */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
       where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const where = name === "public.settings" ? " where key <> 'ledger_check'" : "";
      counts[name] = Number((await client.query(`select count(*) as n from ${name}${where}`)).rows[0].n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe("backup and restore (scripts/backup.sh)", () => {
  const databases: string[] = [];
  const work = mkdtempSync(path.join(tmpdir(), "xrouter-backup-"));
  let source: { url: string; handle: DbHandle };

  beforeAll(async () => {
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
    const db = await createDatabase("backup_src");
    databases.push(db.name);
    const handle = await openDb({ databaseUrl: db.url, dataDir: "/nonexistent" });
    source = { url: db.url, handle };
    await migrate(handle);
  });

  afterAll(async () => {
    await source?.handle.close();
    await admin(async (c) => {
      for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    rmSync(work, { recursive: true, force: true });
  });

  it(
    "dumps a database with money in it and restores it into a new one: same rows, a clean ledger",
    { timeout: 90_000 },
    async () => {
      const { db } = source.handle;
      for (let u = 0; u < 3; u++) {
        const user = await createUser(db, { email: uniqueEmail("backup") });
        const { record: key } = await createKey(db, { userId: user.id, name: `key ${u}` });
        await addCredits(db, { userId: user.id, amountMicro: 5_000_000, kind: "topup", reference: `pay_${user.id}` });
        await addCredits(db, { userId: user.id, amountMicro: 250_000, kind: "adjustment", note: "goodwill" });
        await bookCharges(
          db,
          Array.from({ length: 20 }, (_, n) => ({
            requestId: `req_${user.id}_${n}`,
            userId: user.id,
            keyId: key.id,
            costMicro: 1_000 + n * 37,
            priceId: 1,
            note: "backup test",
          })),
        );
        await recordAuditEvent(db, {
          kind: "admin.credits_added",
          userId: user.id,
          actorId: null,
          data: { amountMicro: 250_000 },
        });
      }
      expect((await checkLedger(db)).problems).toEqual([]);

      const dump = backup(work, source.url, ["dump", "xrouter.dump"]);
      expect(dump.status, dump.stderr).toBe(0);
      expect(dump.stdout.trim()).toBe("xrouter.dump");
      const file = path.join(work, "xrouter.dump");
      expect(statSync(file).size).toBeGreaterThan(0);

      const target = await createDatabase("backup_dst");
      databases.push(target.name);
      const restore = backup(ROOT, target.url, ["restore", file]);
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stderr).toMatch(/ledger check: 3 users, 0 organizations, 66 rows, clean/);

      const counts = await rowCounts(source.url);
      expect(counts["public.ledger"]).toBe(66);
      expect(await rowCounts(target.url)).toEqual(counts);

      // A second restore into the now full database is refused: a restore never mixes two databases' rows.
      const again = backup(ROOT, target.url, ["restore", file]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/not empty/);
    },
  );
});
