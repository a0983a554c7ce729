import { TRPCError } from "@trpc/server";
import { resolveActingAccount, type ActingAccount } from "../services/organizations/acting-account";
import { can, type Permission } from "../services/organizations/permissions";
import { protectedProcedure } from "./trpc";

/** FORBIDDEN unless the account has at least one of `permissions`. */
function assertAny(account: ActingAccount, permissions: Permission[]): void {
  if (permissions.length > 0 && !permissions.some((permission) => can(account, permission)))
    throw new TRPCError({ code: "FORBIDDEN", message: "role_forbidden" });
}

const accountBase = protectedProcedure.use(async ({ ctx, next }) =>
  next({ ctx: { ...ctx, account: await resolveActingAccount(ctx.db, ctx.user.id, ctx.requestedAccount) } }),
);

/**
 * A portal procedure acting for the chosen account (`ctx.account`: personal, or an organization the user is a
 * member of, checked on every call). `accountProcedure.need(...)` also requires one of the permissions
 * (server/services/organizations/permissions.ts); data is keyed by `accountUserId(ctx.account)`.
 */
export const accountProcedure = Object.assign(accountBase, {
  need: (...permissions: Permission[]) =>
    accountBase.use(({ ctx, next }) => {
      assertAny(ctx.account, permissions);
      return next();
    }),
});

const orgBase = accountBase.use(({ ctx, next }) => {
  if (ctx.account.kind !== "organization") throw new TRPCError({ code: "BAD_REQUEST", message: "organization_required" });
  return next({ ctx: { ...ctx, account: ctx.account } });
});

/** A procedure about the chosen organization itself (members, invitations…): refused in the personal account. */
export const orgProcedure = Object.assign(orgBase, {
  need: (...permissions: Permission[]) =>
    orgBase.use(({ ctx, next }) => {
      assertAny(ctx.account, permissions);
      return next();
    }),
});
