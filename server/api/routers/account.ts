import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { TIME_ZONES } from "../../core/format/time";
import { passwordSchema } from "../../core/password/rules";
import { users } from "../../db/schema";
import { changePassword } from "../../services/accounts/change-password";
import { deleteAccount } from "../../services/accounts/delete-account";
import { OrgError } from "../../services/organizations/org-error";
import { setTimeZone } from "../../services/accounts/time-zone";
import { limitPasswordChecks } from "../guess-limits";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  me: protectedProcedure.query(async ({ ctx }) => {
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, name: users.name, role: users.role, balanceMicro: users.balanceMicro, createdAt: users.createdAt })
      .from(users)
      .where(eq(users.id, ctx.user.id));
    if (!user) throw new TRPCError({ code: "NOT_FOUND" });
    return user;
  }),

  changePassword: protectedProcedure
    .input(z.object({ current: z.string().min(1), next: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      await limitPasswordChecks(ctx.user.id);
      const result = await changePassword(ctx.db, ctx.user.id, input.current, input.next, ctx.source);
      if (!result.ok) throw new TRPCError({ code: "BAD_REQUEST", message: "wrong_password" });
      return { ok: true };
    }),

  /** The zone the portal shows the user's times in (Activity, the ledger, statements). */
  setTimeZone: protectedProcedure.input(z.object({ zone: z.enum(TIME_ZONES) })).mutation(async ({ ctx, input }) => {
    await setTimeZone(ctx.db, ctx.user.id, input.zone);
    return { zone: input.zone };
  }),

  delete: protectedProcedure.input(z.object({ password: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await limitPasswordChecks(ctx.user.id);
    const deleted = await deleteAccount(ctx.db, ctx.user.id, input.password).catch((err: unknown) => {
      // The only owner of an organization: the page asks to transfer ownership first.
      if (err instanceof OrgError) throw new TRPCError({ code: "BAD_REQUEST", message: err.code });
      throw err;
    });
    if (!deleted) throw new TRPCError({ code: "BAD_REQUEST", message: "wrong_password" });
    return { ok: true };
  }),
});
