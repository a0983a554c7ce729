import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config";
import { openDb, type DbHandle } from "../db/client";
import { migrate } from "../db/migrate";
import { parseRub } from "../money";
import { recordAuditEvent } from "../services/audit/record-event";
import { checkLedger } from "../services/billing/check-ledger";
import { recordLedgerCheck } from "../metrics/ledger-check";
import { addCredits } from "../services/credits/add-credits";
import { createKey } from "../services/keys/create-key";
import { createUser, DuplicateEmailError } from "../services/users/create-user";
import { findUserByEmail } from "../services/users/find-user-by-email";
import { formatRub } from "../money";

const USAGE = `usage: xrouter <command>

  migrate                                       apply database migrations
  user create --email E --password P [--admin]  create a user (zero balance)
  key create --email E [--name N] [--limit-rub R] [--rpm N]
                                                create an API key; prints only the key
  credits add --email E --amount RUB [--note T] add credit to a user's balance
  ledger check                                  verify every balance against its ledger (exit 1 if not)
  emulators                                     run every provider's emulator; prints their settings
`;

/** Bad arguments: usage on stderr, exit 2. */
class UsageError extends Error {}
/** A well-formed request that cannot be done (unknown email, duplicate user): exit 1. */
class CommandError extends Error {}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const options = {
  email: { type: "string" },
  password: { type: "string" },
  admin: { type: "boolean" },
  name: { type: "string" },
  "limit-rub": { type: "string" },
  rpm: { type: "string" },
  amount: { type: "string" },
  note: { type: "string" },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`missing --${flag}`);
  return value;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${flag} must be a positive whole number`);
  return Number(value);
}

function rubles(value: string, flag: string, allowNegative = false): number {
  const micro = parseRub(value);
  if (micro === undefined || (!allowNegative && micro <= 0)) throw new UsageError(`--${flag} must be an amount in RUB, e.g. 100 or 12.50`);
  return micro;
}

async function userByEmail(handle: DbHandle, email: string) {
  const user = await findUserByEmail(handle.db, email);
  if (!user) throw new CommandError(`no user with email ${email}`);
  return user;
}

/** Runs every provider emulator until interrupted; prints the environment that points XRouter at them. */
async function runEmulators(io: Io): Promise<void> {
  const { startDemoProviders } = await import("../providers/demo");
  const { env, emulators } = await startDemoProviders();
  io.out(
    Object.entries(env)
      .map(([name, value]) => `${name}=${value}`)
      .join("\n"),
  );
  io.err("emulators running; Ctrl-C stops them");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await Promise.all(emulators.map((e) => e.close()));
}

async function run(argv: string[], io: Io, openHandle: () => Promise<DbHandle>): Promise<void> {
  const { positionals, values } = parse(argv);
  const command = positionals.join(" ");
  if (command === "emulators") return runEmulators(io);
  const known = ["migrate", "user create", "key create", "credits add", "ledger check"];
  if (!known.includes(command)) throw new UsageError(command ? `unknown command: ${command}` : "no command given");

  // Validate every argument before touching the database.
  const email = command === "migrate" || command === "ledger check" ? "" : required(values.email, "email");
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError("--email must be an email address");
  const password = command === "user create" ? required(values.password, "password") : "";
  if (command === "user create" && password.length < 8) throw new UsageError("--password must be at least 8 characters");
  const limitMicro = values["limit-rub"] === undefined ? undefined : rubles(values["limit-rub"], "limit-rub");
  const rpm = positiveInt(values.rpm, "rpm");
  const amount = command === "credits add" ? rubles(required(values.amount, "amount"), "amount") : 0;

  const handle = await openHandle();
  try {
    await migrate(handle);
    switch (command) {
      case "migrate":
        io.err("migrations applied");
        return;
      case "ledger check": {
        const report = await checkLedger(handle.db);
        await recordLedgerCheck(handle.db, report);
        for (const p of report.problems) io.out(`${p.userId}\t${p.problem}\t${p.detail}`);
        io.err(`ledger check: ${report.users} users, ${report.rows} rows, ${report.problems.length ? `${report.problems.length} problems` : "clean"}`);
        if (report.problems.length) throw new CommandError("the ledger is not consistent");
        return;
      }
      case "user create": {
        try {
          const user = await createUser(handle.db, { email, password, role: values.admin ? "admin" : "user", emailVerified: new Date() });
          io.err(`created ${user.role} ${user.email} (${user.id})`);
        } catch (err) {
          if (err instanceof DuplicateEmailError) throw new CommandError(err.message);
          throw err;
        }
        return;
      }
      case "key create": {
        const user = await userByEmail(handle, email);
        const { key } = await createKey(handle.db, { userId: user.id, name: values.name, limitMicro, rpm });
        io.out(key);
        return;
      }
      case "credits add": {
        const user = await userByEmail(handle, email);
        const note = values.note ?? "added with xrouter credits add";
        const { balanceMicro } = await addCredits(handle.db, { userId: user.id, amountMicro: amount, kind: "adjustment", note });
        // The operator at the console has no account: the actor is the system.
        await recordAuditEvent(handle.db, { kind: "admin.credits_added", userId: user.id, actorId: null, data: { amountMicro: amount, note, via: "cli" } });
        io.err(`balance of ${user.email}: ${formatRub(balanceMicro)} RUB`);
        return;
      }
    }
  } finally {
    await handle.close();
  }
}

/** Runs the CLI and returns its exit code: 0 done, 1 failed, 2 bad arguments. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  try {
    const config = parseConfig(env);
    await run(argv, io, () => openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.XROUTER_DATA_DIR }));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`xrouter: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof CommandError) {
      io.err(`xrouter: ${err.message}`);
      return 1;
    }
    if (err instanceof ConfigError) {
      io.err(`xrouter: invalid configuration: ${err.message}`);
      return 1;
    }
    io.err(`xrouter: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
