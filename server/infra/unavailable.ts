/** The infrastructure a request depends on: the store (Redis) and the database (Postgres). */
export type Dependency = "store" | "database";

/**
 * A dependency could not be reached or refused work: the request may well succeed when retried shortly. Throw
 * it where the failure is known (the store and meter layers); `unavailableDependency` recognises raw errors too.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly part: Dependency,
    options?: { cause?: unknown },
  ) {
    super(`the ${part} is unavailable`, options);
    this.name = "DependencyUnavailableError";
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** SQLSTATE of a server that is down, restarting or full: class 08 (connection), 57P01-57P03 (shutdown), 53300. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** pg and pg-pool's own messages for a lost or never-made connection. */
const PG_CONNECTION_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * ioredis's messages for a command it gave up on (by message: MaxRetriesPerRequestError's name is its class's),
 * and the replies of a server that is loading its data or failing over.
 */
const REDIS_UNAVAILABLE_MESSAGE =
  /^(Reached the max retries per request limit|Connection is closed\.|Command timed out|Stream isn't writeable|LOADING |MASTERDOWN |READONLY )/;

type ErrorLike = Error & { code?: unknown; syscall?: unknown };

/** drizzle's DrizzleQueryError, by shape: Next's bundle may rename the class. */
const isDrizzleQueryError = (err: Error) => typeof (err as { query?: unknown }).query === "string" && "params" in err;

/**
 * A socket error is pg's when drizzle wrapped it, or when it is thrown bare while connecting (the pool's connect
 * for a transaction is not wrapped). The store's commands fail with ioredis's own errors, never a socket's, and
 * one wrapped by anything else (fetch's "fetch failed") is somebody else's.
 */
function databaseUnreachable(err: ErrorLike, bare: boolean, inDrizzle: boolean): boolean {
  const code = typeof err.code === "string" ? err.code : "";
  if (UNAVAILABLE_SQLSTATE.test(code) || PG_CONNECTION_MESSAGE.test(err.message)) return true;
  return (
    NETWORK_CODES.has(code) && (inDrizzle || (bare && (err.syscall === "connect" || err.syscall === "getaddrinfo")))
  );
}

/** Which dependency `err` (or an error it wraps) says is unreachable, if any. */
export function unavailableDependency(err: unknown): Dependency | undefined {
  let inDrizzle = false;
  for (let e = err, hops = 0; e instanceof Error && hops < 5; e = e.cause, hops++) {
    // By name, not instanceof: the custom server and Next's bundle each load their own copy of the classes.
    if (e.name === "DependencyUnavailableError") return (e as DependencyUnavailableError).part;
    if (REDIS_UNAVAILABLE_MESSAGE.test(e.message)) return "store";
    if (databaseUnreachable(e, hops === 0, inDrizzle)) return "database";
    inDrizzle ||= isDrizzleQueryError(e);
  }
  return undefined;
}
