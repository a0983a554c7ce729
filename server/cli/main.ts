import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config";
import { openDb, type DbHandle } from "../db/client";
import { migrate } from "../db/migrate";
import { formatRub, parseRub } from "../money";
import { recordAuditEvent } from "../services/audit/record-event";
import { checkLedger } from "../services/billing/check-ledger";
import { recordLedgerCheck } from "../metrics/ledger-check";
import { addCredits } from "../services/credits/add-credits";
import { createKey } from "../services/keys/create-key";
import { createUser, DuplicateEmailError } from "../services/users/create-user";
import { findUserByEmail } from "../services/users/find-user-by-email";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from "../core/password/rules";
import { isDemo } from "../providers/environment";
import { settingsFromEnvironment } from "../providers/env-settings";
import { DEMO_WELCOME_CREDIT_MICRO, grantWelcomeCredit } from "../services/accounts/welcome-credit";

/** Each command's usage line(s), shown by `xrouter --help` and by `xrouter <command> --help`. */
const COMMANDS: Record<string, string> = {
  migrate: `  migrate                                       apply database migrations`,
  "user create": `  user create --email E --password P [--admin]  create a user; in demo mode with the 100 RUB demo credit
                                                (the password follows the portal's rules: 10+ characters, not common)`,
  "key create": `  key create --email E [--name N] [--limit-rub R] [--rpm N]
                                                create an API key; prints only the key`,
  "credits add": `  credits add --email E --amount RUB [--note T] add credit to a user's balance`,
  "ledger check": `  ledger check                                  verify every balance against its ledger (exit 1 if not)`,
  emulators: `  emulators                                     run every provider's emulator; prints their settings`,
};

const USAGE = `usage: xrouter <command> [--help]

${Object.values(COMMANDS).join("\n")}
`;

const PASSWORD_PROBLEMS: Record<PasswordProblem, string> = {
  tooShort: `--password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  tooLong: `--password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  common: "--password is too common; choose another",
};

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
  help: { type: "boolean", short: "h" },
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

/** `xrouter --help`, `xrouter help`, `xrouter <command> --help`: the usage on stdout, before any configuration is read. */
function helpText(argv: string[]): string | undefined {
  if (!argv.includes("--help") && !argv.includes("-h") && argv[0] !== "help") return undefined;
  const { positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: false });
  const words = positionals.filter((word, i) => !(i === 0 && word === "help")).join(" ");
  const command = Object.keys(COMMANDS).find((name) => words === name || words.startsWith(`${name} `));
  return command ? `usage: xrouter ${COMMANDS[command]!.trimStart()}\n` : USAGE;
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

async function run(argv: string[], io: Io, demo: boolean, openHandle: () => Promise<DbHandle>): Promise<void> {
  const { positionals, values } = parse(argv);
  const command = positionals.join(" ");
  if (command === "emulators") return runEmulators(io);
  if (!(command in COMMANDS)) throw new UsageError(command ? `unknown command: ${command}` : "no command given");

  // Validate every argument before touching the database.
  const email = command === "migrate" || command === "ledger check" ? "" : required(values.email, "email");
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError("--email must be an email address");
  const password = command === "user create" ? required(values.password, "password") : "";
  const passwordIssue = command === "user create" ? passwordProblem(password) : undefined;
  if (passwordIssue) throw new UsageError(PASSWORD_PROBLEMS[passwordIssue]);
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
          if (demo) await grantWelcomeCredit(handle.db, user.id);
          io.err(`created ${user.role} ${user.email} (${user.id})${demo ? `, demo credit ${formatRub(DEMO_WELCOME_CREDIT_MICRO)} RUB` : ""}`);
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
  const help = helpText(argv);
  if (help) {
    io.out(help);
    return 0;
  }
  try {
    const config = parseConfig(env);
    // The same demo switch as the server's: CLI-made users get the portal's demo credit.
    const demo = isDemo(config, settingsFromEnvironment(env));
    await run(argv, io, demo, () => openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.XROUTER_DATA_DIR }));
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
