import { TRPCError } from "@trpc/server";
import { getLogger } from "../logging/logger";

/** The cause of a 500 whose details are already in the log, under `reference`. */
class LoggedInternalError extends Error {
  constructor(readonly reference: string) {
    super(`internal error ${reference}`);
    this.name = "LoggedInternalError";
  }
}

/**
 * An unexpected failure reaches the caller as a generic 500 naming a reference, and its details (a database
 * error carries the SQL, its parameters, user ids and hashes) go to the log under that reference only.
 * Deliberate errors (not found, bad request…) pass unchanged.
 */
export function hideInternalError(error: TRPCError, reference: string, path?: string): TRPCError {
  if (error.code !== "INTERNAL_SERVER_ERROR" || error.cause instanceof LoggedInternalError) return error;
  getLogger().error({ err: error.cause ?? error, path, requestId: reference }, "portal request failed");
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: `internal error (reference ${reference})`,
    cause: new LoggedInternalError(reference),
  });
}
