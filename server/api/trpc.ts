import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { requestedAccount } from "../auth/acting-account";
import { requestSource } from "../auth/request-info";
import { getSessionUser, type SessionUser } from "../auth/session";
import { getDb, type Db } from "../db";
import { newId } from "../ids";
import { withRequestId } from "../logging/logger";
import { hideInternalError } from "./internal-error";
import { holdsNul } from "./nul-input";
import type { RequestSource } from "../services/audit/kinds";

export interface TrpcContext {
  db: Db;
  user: SessionUser | undefined;
  /** Where the call came from, for the audit log. */
  source?: RequestSource;
  /** The account switcher's cookie, unchecked (accountProcedure checks it against membership). */
  requestedAccount?: string;
}

/** The context of a portal request: ownership always comes from the session, never from input. */
export async function createTrpcContext(): Promise<TrpcContext> {
  return { db: await getDb(), user: await getSessionUser(), source: await requestSource(), requestedAccount: await requestedAccount() };
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  // Procedures hide their own failures (below); this catches the rest, e.g. a context that could not be made.
  errorFormatter: ({ shape, error, path }) => {
    const shown = hideInternalError(error, newId("req"), path);
    // A 500's stack names our files and functions: it stays in the log.
    const { stack, ...data } = shape.data;
    return {
      ...shape,
      message: shown.message,
      data: { ...data, ...(shown.code !== "INTERNAL_SERVER_ERROR" && { stack }), zodError: error.cause instanceof ZodError ? error.cause.flatten() : null },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure refuses text holding NUL characters (BAD_REQUEST) and runs under a request id that its log lines
 * carry; a failure nobody meant shows the caller that id only. Done here rather than in the formatter alone, because server-side callers never reach the formatter.
 */
export const publicProcedure = t.procedure.use(async ({ next, path, getRawInput }) => {
  if (holdsNul(await getRawInput())) throw new TRPCError({ code: "BAD_REQUEST", message: "text in the request may not contain NUL characters" });
  const requestId = newId("req");
  const result = await withRequestId(requestId, () => next());
  if (result.ok) return result;
  const shown = hideInternalError(result.error, requestId, path);
  if (shown === result.error) return result;
  throw shown;
});

/** Guarantees a signed-in user in `ctx.user`. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Guarantees a signed-in admin. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN" });
  return next();
});
