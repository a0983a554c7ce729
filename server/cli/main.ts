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
import { ORG_ROLES, type OrgRole } from "../db/schema";
import { addMember } from "../services/organizations/add-member";
import { createOrganization } from "../services/organizations/create-organization";
import { findOrganizationByName } from "../services/organizations/find-organization";
import { OrgError, type OrgErrorCode } from "../services/organizations/org-error";
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
  "credits add": `  credits add --email E --amount RUB [--note T] add credit to a user's balance
  credits add --org NAME --amount RUB [--note T]
                                                add credit to an organization's balance`,
  "org create": `  org create --email OWNER --name NAME          create an organization owned by the user OWNER`,
  "org add-member": `  org add-member --org NAME --email E --role R  add a user to an organization;
                                                R: owner, admin, developer, billing or viewer`,
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
  org: { type: "string" },
  role: { type: "string" },
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

/** A user who is a person (an organization's wallet is never a member). */
async function personByEmail(handle: DbHandle, email: string) {
  const user = await userByEmail(handle, email);
  if (user.kind !== "person") throw new CommandError(`${email} is an organization's wallet, not a person`);
  return user;
}

async function orgByName(handle: DbHandle, name: string) {
  const org = await findOrganizationByName(handle.db, name);
  if (!org) throw new CommandError(`no organization named ${name}`);
  return org;
}

const ORG_MESSAGES: Partial<Record<OrgErrorCode, string>> = {
  org_name_taken: "an organization with this name already exists",
  org_name_invalid: "--name must be 1 to 100 characters",
  already_member: "the user is already a member of this organization",
};

/** An organization service's refusal as the CLI's failure (exit 1). */
async function orgCommand<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof OrgError) throw new CommandError(ORG_MESSAGES[err.code] ?? err.code);
    throw err;
  }
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
  const orgCredit = command === "credits add" && values.org !== undefined;
  if (orgCredit && values.email !== undefined) throw new UsageError("give --email or --org, not both");
  const orgName = command === "org add-member" || orgCredit ? required(values.org, "org") : "";
  const orgNew = command === "org create" ? required(values.name, "name").trim() : "";
  if (command === "org create" && !orgNew) throw new UsageError("--name must not be blank");
  const role = command === "org add-member" ? required(values.role, "role") : "";
  if (role && !(ORG_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ORG_ROLES.join(", ")}`);
  const email = command === "migrate" || command === "ledger check" || orgCredit ? "" : required(values.email, "email");
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
        for (const p of report.problems)
          io.out(`${p.userId}${p.organization === undefined ? "" : ` (organization ${p.organization})`}\t${p.problem}\t${p.detail}`);
        const problems = report.problems.length ? `${report.problems.length} problems` : "clean";
        io.err(`ledger check: ${report.users} users, ${report.organizations} organizations, ${report.rows} rows, ${problems}`);
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
        // An organization's balance is its wallet's: the same ledger writer, the same check.
        const holder = orgName ? await orgByName(handle, orgName) : await userByEmail(handle, email);
        const userId = "walletUserId" in holder ? holder.walletUserId : holder.id;
        const note = values.note ?? "added with xrouter credits add";
        const { balanceMicro } = await addCredits(handle.db, { userId, amountMicro: amount, kind: "adjustment", note });
        // The operator at the console has no account: the actor is the system.
        await recordAuditEvent(handle.db, { kind: "admin.credits_added", userId, actorId: null, data: { amountMicro: amount, note, via: "cli" } });
        io.err(`balance of ${"walletUserId" in holder ? `organization ${holder.name}` : holder.email}: ${formatRub(balanceMicro)} RUB`);
        return;
      }
      case "org create": {
        const owner = await personByEmail(handle, email);
        const org = await orgCommand(() => createOrganization(handle.db, { ownerUserId: owner.id, name: orgNew }));
        io.err(`created organization ${org.name} (${org.id}), owner ${owner.email}`);
        return;
      }
      case "org add-member": {
        const org = await orgByName(handle, orgName);
        const user = await personByEmail(handle, email);
        await orgCommand(() => addMember(handle.db, { orgId: org.id, userId: user.id, role: role as OrgRole }));
        io.err(`added ${user.email} to ${org.name} as ${role}`);
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
