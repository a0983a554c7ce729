import { AsyncLocalStorage } from "node:async_hooks";
import cluster from "node:cluster";
import pino, { type Logger } from "pino";

const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with a request id that every log line written inside it carries. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

// Secrets never reach the log: credentials in headers, bodies and config are censored by path.
export const redactPaths = [
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
  "headers.authorization",
  "headers.cookie",
  "key",
  "*.key",
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
  "credentials",
  "*.credentials",
  "secret",
  "*.secret",
  "token",
  "*.token",
];

/** Every text the scrubbing below would change matches this (one scan instead of two replaces for the rest). */
const SECRET_HINT = /xr-|bearer|basic|api-key/i;

/** Replaces anything shaped like an XRouter key or bearer token inside free text. */
export function scrubSecrets(text: string): string {
  if (!SECRET_HINT.test(text)) return text;
  return text.replace(/xr-[0-9A-Za-z]{8,}/g, "xr-[REDACTED]").replace(/(Bearer|Basic|Api-Key)\s+[^\s"',]+/gi, "$1 [REDACTED]");
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      // One `npm start` may run several server processes (XROUTER_WORKERS): each line says which.
      base: cluster.isWorker ? { service: "xrouter", pid: process.pid } : { service: "xrouter" },
      redact: { paths: redactPaths, censor: "[REDACTED]" },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === "string") args[i] = scrubSecrets(args[i] as string);
          method.apply(this, args);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/**
 * Standard output with the lines of one event-loop turn joined into one write: one syscall per turn instead of one
 * per line (at saturation the access log wrote once per request). A line waits at most until the turn ends; the
 * last turn's lines are written on exit.
 */
export function stdoutPerTick(): pino.DestinationStream {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.length === 1 ? pending[0]! : pending.join("");
    pending = [];
    process.stdout.write(text);
  };
  process.on("exit", flush);
  return {
    write(line: string) {
      if (pending.push(line) === 1) setImmediate(flush);
    },
  };
}

export function getLogger(): Logger {
  const g = globalThis as { __xrouterLogger?: Logger };
  g.__xrouterLogger ??= createLogger(process.env.LOG_LEVEL ?? "info", stdoutPerTick());
  return g.__xrouterLogger;
}

/**
 * The access log's logger: the default one without redaction, for the one line per request whose fields are known
 * and carry no secret (method, path, status, time, address). Path redaction cost about five times the rest of the
 * line. Free text still goes through the secret-scrubbing hook.
 */
export function getAccessLogger(): Logger {
  const g = globalThis as { __xrouterAccessLogger?: { parent: Logger; logger: Logger } };
  const parent = getLogger();
  if (g.__xrouterAccessLogger?.parent !== parent) g.__xrouterAccessLogger = { parent, logger: parent.child({}, { redact: { paths: [] } }) };
  return g.__xrouterAccessLogger.logger;
}
