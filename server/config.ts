import { z } from "zod";
import { invalidIpRanges } from "./net/ip-ranges";
import { splitIpRanges } from "./net/split-ip-ranges";

const optionalUrl = z.url({ message: "must be a URL" }).optional();
const postgresUrl = z
  .url({ message: "must be a postgres:// URL" })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql://")
  .optional();
const redisUrl = z
  .url({ message: "must be a redis:// URL" })
  .refine((v) => /^rediss?:\/\//.test(v), "must start with redis:// or rediss://")
  .optional();

/** Addresses and CIDR ranges, IPv4 or IPv6, separated by commas or spaces: `10.0.0.0/8, 2001:db8::/32`. */
const ipRangeList = z
  .string()
  .transform((text, ctx) => {
    const entries = splitIpRanges(text);
    const invalid = invalidIpRanges(entries);
    if (invalid.length > 0) ctx.addIssue({ code: "custom", message: `not an IP address or CIDR range: ${invalid.join(", ")}` });
    return entries;
  })
  .default([]);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  XROUTER_PUBLIC_URL: optionalUrl,
  XROUTER_DATA_DIR: z.string().min(1).default("./.data"),
  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl,
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  XROUTER_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  XROUTER_DEMO: z.enum(["auto", "on", "off"], { message: "must be auto, on or off" }).default("auto"),
  SMTP_URL: optionalUrl,
  XROUTER_MAIL_FROM: z.string().min(3).default("XRouter <no-reply@xrouter.local>"),
  AUTH_YANDEX_ID: z.string().min(1).optional(),
  AUTH_YANDEX_SECRET: z.string().min(1).optional(),
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  XROUTER_FIRST_BYTE_TIMEOUT_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(100).max(600_000).default(10_000),
  XROUTER_BODY_TIMEOUT_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(100).max(600_000).default(30_000),
  XROUTER_STREAM_IDLE_TIMEOUT_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(100).max(600_000).default(30_000),
  XROUTER_TOTAL_TIMEOUT_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(1_000).max(3_600_000).default(120_000),
  /** How long stored Responses (`store: true`) are kept for previous_response_id and GET /responses/{id}. */
  XROUTER_RESPONSES_RETENTION_DAYS: z.coerce.number({ message: "must be a number of days" }).int().min(1).max(3650).default(30),
  /** How often the accounts' model lists are read into the catalog (docs/providers/catalog-sync.md); 0 turns it off. */
  XROUTER_CATALOG_SYNC_MINUTES: z.coerce.number({ message: "must be a number of minutes" }).int().min(0).max(10_080).default(60),
  /** How often the batch worker submits and polls Yandex async operations (docs/api/batches.md). */
  XROUTER_BATCH_POLL_MS: z.coerce.number({ message: "must be a number of milliseconds" }).int().min(50).max(600_000).default(5_000),
  /** A Responses WebSocket with no message and no response running for this long is closed (1000). */
  XROUTER_WS_IDLE_TIMEOUT_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(100).max(3_600_000).default(300_000),
  /** Responses WebSockets one API key may hold open at once (per instance); the next upgrade gets 429. */
  XROUTER_WS_MAX_PER_KEY: z.coerce.number({ message: "must be a number of sockets" }).int().min(1).max(10_000).default(16),
  /** Without Redis: the most the in-process response cache keeps, in MiB (least recently used answers go first). */
  XROUTER_CACHE_MEMORY_MB: z.coerce.number({ message: "must be a number of MiB" }).int().min(1).max(65_536).default(64),
  /** The semantic cache's embedding model (a catalog id) for keys that name none; unset: the first served one. */
  XROUTER_SEMANTIC_CACHE_MODEL: z.string().min(1).max(200).optional(),
  XROUTER_ALLOW_PRIVATE_UPSTREAMS: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("0").transform((v) => v === "1"),
  XROUTER_METRICS_PORT: z.coerce.number({ message: "must be a port number" }).int().min(1, "must be between 1 and 65535").max(65535, "must be between 1 and 65535").optional(),
  XROUTER_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  XROUTER_TRUSTED_PROXIES: ipRangeList,
  XROUTER_IP_ALLOW: ipRangeList,
  XROUTER_IP_DENY: ipRangeList,
  XROUTER_LOGIN_ATTEMPTS_PER_IP: z.coerce.number({ message: "must be a number of attempts" }).int().min(1).max(1_000_000).default(30),
  XROUTER_MAX_CONNECTIONS_PER_IP: z.coerce.number({ message: "must be a number of connections" }).int().min(0).max(1_000_000).default(256),
  /** On SIGTERM: how long readiness answers 503 while requests are still served, so a balancer stops sending first. */
  XROUTER_SHUTDOWN_GRACE_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(0).max(600_000).default(5_000),
  /** Then: how long requests, streams and WebSocket responses in flight may take to finish before they are cut. */
  XROUTER_DRAIN_TIMEOUT_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(0).max(3_600_000).default(30_000),
  /**
   * Server processes `npm start` runs on its one port (docs/deployment.md): one by default; `auto` is one per CPU
   * (at most 8) when PostgreSQL and Redis are outside the process and real providers serve, else one.
   */
  XROUTER_WORKERS: z
    .string()
    .regex(/^(auto|[1-9]\d?)$/, "must be auto or a number of processes from 1 to 99")
    .default("1"),
  /** What an instance holds in the store (billing holds, slots, the jobs' lease) outlives it by at most this (default 30 s). */
  XROUTER_LEASE_MS: z.coerce.number({ message: "must be milliseconds" }).int().min(300).max(600_000).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The providers' variables (GIGACHAT_*, YANDEX_*, MWS_*, TBANK_*) are each descriptor's: server/providers/env-settings.ts.
  YOOKASSA_SHOP_ID: z.string().min(1).optional(),
  YOOKASSA_SECRET_KEY: z.string().min(1).optional(),
  YOOKASSA_API_URL: z.url().default("https://api.yookassa.ru/v3"),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = "ConfigError";
  }
}

/** Checks an environment against a schema (empty values count as unset); the first problem becomes a ConfigError naming the variable. */
export function parseEnvironment<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  return result.data;
}

/** The process's own settings from an environment. */
export const parseConfig = (env: Record<string, string | undefined>): Config => parseEnvironment(envSchema, env);

/** The validated environment of this process, read once. */
export function getConfig(): Config {
  const g = globalThis as { __xrouterConfig?: Config };
  g.__xrouterConfig ??= parseConfig(process.env);
  return g.__xrouterConfig;
}

/** For entry points: runs a configuration check; a ConfigError prints one line naming the variable and exits 1 instead of a stack trace. */
export function exitOnConfigError<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`xrouter: invalid configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
