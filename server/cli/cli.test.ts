import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { hashApiKey } from "../core/api-key";
import { openDb } from "../db/client";
import { migrate } from "../db/migrate";
import { apiKeys, ledger, orgMembers, organizations, users } from "../db/schema";
import { DEMO_WELCOME_CREDIT_MICRO } from "../services/accounts/welcome-credit";
import { uniqueEmail } from "../testing/databases";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `xrouter` binary in a child process, as `npx xrouter` would. */
function xrouter(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/xrouter.mjs", ...args], {
      env: { ...process.env, DATABASE_URL: "", AUTH_SECRET: "test-secret-test-secret-test-secret-42", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const PASSWORD = "correct-horse-battery";

const dataDirs: string[] = [];
const freshDataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "xrouter-cli-"));
  dataDirs.push(dir);
  return dir;
};
afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const targets: [string, () => Record<string, string>][] = [
  ["postgres", () => ({ DATABASE_URL: inject("testDatabaseUrl"), XROUTER_DEMO: "off" })],
  ["pglite", () => ({ XROUTER_DATA_DIR: freshDataDir(), XROUTER_DEMO: "off" })],
];

describe.each(targets)("xrouter CLI on %s", (_kind, makeEnv) => {
  const env = makeEnv();
  const email = uniqueEmail("cli");

  it("migrates, creates a user, a key and credits", async () => {
    expect((await xrouter(env, "migrate")).code).toBe(0);

    const created = await xrouter(env, "user", "create", "--email", email, "--password", PASSWORD, "--admin");
    expect(created.code).toBe(0);
    expect(created.stdout).toBe("");

    const key = await xrouter(env, "key", "create", "--email", email, "--name", "ci", "--limit-rub", "12.5", "--rpm", "30");
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^xr-[0-9A-Za-z]{40,}\n$/);

    const credits = await xrouter(env, "credits", "add", "--email", email, "--amount", "100.25", "--note", "welcome");
    expect(credits.code).toBe(0);
    expect(credits.stderr).toContain("100.25 RUB");

    process.env.AUTH_SECRET = "test-secret-test-secret-test-secret-42";
    const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.XROUTER_DATA_DIR ?? "/nonexistent" });
    try {
      const [user] = await handle.db.select().from(users).where(eq(users.email, email));
      expect(user).toMatchObject({ role: "admin", balanceMicro: 100_250_000 });
      const [stored] = await handle.db.select().from(apiKeys).where(eq(apiKeys.userId, user!.id));
      expect(stored).toMatchObject({ hash: hashApiKey(key.stdout.trim()), limitMicro: 12_500_000, rpm: 30, name: "ci" });
      const entries = await handle.db.select().from(ledger).where(eq(ledger.userId, user!.id));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ amountMicro: 100_250_000, balanceAfterMicro: 100_250_000, note: "welcome" });
    } finally {
      await handle.close();
    }
  });

  it("exits 1 with a clear message for an unknown email", async () => {
    const run = await xrouter(env, "key", "create", "--email", "nobody@example.test");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no user with email nobody@example.test");
    expect(run.stdout).toBe("");
  });

  it("exits 1 for a duplicate user", async () => {
    const run = await xrouter(env, "user", "create", "--email", email, "--password", PASSWORD);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("already exists");
  });
});

describe("xrouter org commands", () => {
  const env = { DATABASE_URL: inject("testDatabaseUrl"), XROUTER_DEMO: "off" };

  it("creates an organization, adds a member, credits its wallet, and the ledger check counts it", async () => {
    const owner = uniqueEmail("cli-owner");
    const member = uniqueEmail("cli-member");
    const name = `CLI Org ${crypto.randomUUID().slice(0, 8)}`;
    for (const email of [owner, member]) expect((await xrouter(env, "user", "create", "--email", email, "--password", PASSWORD)).code).toBe(0);

    const created = await xrouter(env, "org", "create", "--email", owner, "--name", name);
    expect(created).toMatchObject({ code: 0, stdout: "" });
    expect(created.stderr).toContain(`created organization ${name}`);
    expect((await xrouter(env, "org", "create", "--email", owner, "--name", name)).stderr).toContain("already exists");

    expect((await xrouter(env, "org", "add-member", "--org", name, "--email", member, "--role", "developer")).code).toBe(0);
    const twice = await xrouter(env, "org", "add-member", "--org", name, "--email", member, "--role", "viewer");
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("already a member");
    expect((await xrouter(env, "org", "add-member", "--org", "no such org", "--email", member, "--role", "viewer")).stderr).toContain("no organization named");

    const credits = await xrouter(env, "credits", "add", "--org", name, "--amount", "2500");
    expect(credits.code).toBe(0);
    expect(credits.stderr).toContain(`balance of organization ${name}: 2500.00 RUB`);

    const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: "/nonexistent" });
    try {
      const [org] = await handle.db.select().from(organizations).where(eq(organizations.name, name));
      const [wallet] = await handle.db.select().from(users).where(eq(users.id, org!.walletUserId));
      expect(wallet).toMatchObject({ kind: "organization", balanceMicro: 2_500_000_000 });
      const roles = await handle.db.select({ role: orgMembers.role }).from(orgMembers).where(eq(orgMembers.orgId, org!.id));
      expect(roles.map((r) => r.role).sort()).toEqual(["developer", "owner"]);
      const entries = await handle.db.select().from(ledger).where(eq(ledger.userId, org!.walletUserId));
      expect(entries).toMatchObject([{ kind: "adjustment", amountMicro: 2_500_000_000, balanceAfterMicro: 2_500_000_000 }]);
    } finally {
      await handle.close();
    }
    expect((await xrouter(env, "ledger", "check")).stderr).toMatch(/ledger check: \d+ users, [1-9]\d* organizations, \d+ rows/);
  });
});

describe("xrouter CLI argument errors", () => {
  it.each([
    [[]],
    [["frobnicate"]],
    [["user", "create", "--email", "a@b.co"]],
    [["user", "create", "--email", "not-an-email", "--password", PASSWORD]],
    [["user", "create", "--email", "a@b.co", "--password", "short-pw1"]],
    [["user", "create", "--email", "a@b.co", "--password", "Password1234!"]],
    [["key", "create", "--email", "a@b.co", "--rpm", "many"]],
    [["credits", "add", "--email", "a@b.co", "--amount", "-5"]],
    [["credits", "add", "--email", "a@b.co", "--amount", "5", "--bogus"]],
    [["credits", "add", "--email", "a@b.co", "--org", "Acme", "--amount", "5"]],
    [["org", "create", "--email", "a@b.co"]],
    [["org", "add-member", "--org", "Acme", "--email", "a@b.co", "--role", "boss"]],
    [["org", "add-member", "--email", "a@b.co", "--role", "viewer"]],
  ])("%j prints usage and exits 2", async (args) => {
    const run = await xrouter({ XROUTER_DATA_DIR: "/nonexistent/never-created" }, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: xrouter");
  });
});

describe("xrouter --help", () => {
  // No configuration at all: help must not need a database or a secret.
  const bare = { AUTH_SECRET: "", XROUTER_DATA_DIR: "/nonexistent/never-created" };

  it.each([[["--help"]], [["-h"]], [["help"]]])("%j prints the whole usage on stdout and exits 0", async (args) => {
    const run = await xrouter(bare, ...args);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("usage: xrouter <command>");
    for (const command of ["migrate", "user create", "key create", "credits add", "org create", "org add-member", "ledger check", "emulators"]) expect(run.stdout).toContain(`  ${command}`);
  });

  it.each([
    [["user", "create", "--help"], "usage: xrouter user create --email E --password P [--admin]"],
    [["key", "create", "-h"], "usage: xrouter key create --email E"],
    [["help", "credits", "add"], "usage: xrouter credits add --email E --amount RUB"],
    [["ledger", "check", "--help"], "usage: xrouter ledger check"],
    [["org", "create", "--help"], "usage: xrouter org create --email OWNER --name NAME"],
    [["org", "add-member", "-h"], "usage: xrouter org add-member --org NAME --email E --role R"],
    [["migrate", "--help"], "usage: xrouter migrate"],
    [["emulators", "--help"], "usage: xrouter emulators"],
  ])("%j prints that command's usage only", async (args, expected) => {
    const run = await xrouter(bare, ...args);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.startsWith(expected)).toBe(true);
    expect(run.stdout).not.toContain("<command>");
  });
});

describe("xrouter user create in demo mode", () => {
  it("grants the same demo credit as a portal sign-up", async () => {
    const env = { XROUTER_DATA_DIR: freshDataDir(), XROUTER_DEMO: "on" };
    const email = uniqueEmail("cli-demo");
    const run = await xrouter(env, "user", "create", "--email", email, "--password", PASSWORD);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("demo credit 100.00 RUB");
    const handle = await openDb({ dataDir: env.XROUTER_DATA_DIR });
    try {
      const [user] = await handle.db.select().from(users).where(eq(users.email, email));
      expect(user!.balanceMicro).toBe(DEMO_WELCOME_CREDIT_MICRO);
      const entries = await handle.db.select().from(ledger).where(eq(ledger.userId, user!.id));
      expect(entries).toMatchObject([{ kind: "promo", amountMicro: DEMO_WELCOME_CREDIT_MICRO, reference: `welcome:${user!.id}` }]);
    } finally {
      await handle.close();
    }
  });
});

describe("xrouter CLI while a server holds the PGlite data folder", () => {
  it("goes through the server's shared socket", async () => {
    const dataDir = freshDataDir();
    // The server shares its embedded database on a loopback socket.
    const handle = await openDb({ dataDir, share: true });
    await migrate(handle);
    try {
      const email = uniqueEmail("shared");
      const env = { XROUTER_DATA_DIR: dataDir };
      expect((await xrouter(env, "user", "create", "--email", email, "--password", PASSWORD)).code).toBe(0);
      const key = await xrouter(env, "key", "create", "--email", email);
      expect(key.code).toBe(0);
      const [user] = await handle.db.select().from(users).where(eq(users.email, email));
      expect(user).toBeDefined();
    } finally {
      await handle.close();
    }
  });
});

describe("xrouter emulators", () => {
  it("prints every registered provider's variables, pointing at emulators that answer, until interrupted", async () => {
    const { settingsFromEnvironment } = await import("../providers/env-settings");
    const { PROVIDERS } = await import("../providers/registry");
    const child = spawn(process.execPath, ["bin/xrouter.mjs", "emulators"], { env: { ...process.env, DATABASE_URL: "" } });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on("data", (d: Buffer) => d.toString().includes("emulators running") && resolve());
        child.on("close", () => reject(new Error(`exited early: ${stdout}`)));
      });
      const env = Object.fromEntries(stdout.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
      expect(Object.keys(settingsFromEnvironment(env))).toEqual(PROVIDERS.map((p) => p.id));
      const models = await fetch(`${env.MWS_BASE_URL}/models`, { headers: { authorization: `Bearer ${env.MWS_API_KEY}` } });
      expect(models.status).toBe(200);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
