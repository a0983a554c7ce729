import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getUserForAdmin } from "../../services/admin/get-user";
import { listUsers } from "../../services/admin/list-users";
import { setUserDisabled } from "../../services/admin/set-user-disabled";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  users: adminProcedure
    .input(z.object({ search: z.string().max(200).optional(), before: z.date().optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  user: adminProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    const found = await getUserForAdmin(ctx.db, input.id);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
    return found;
  }),

  setUserDisabled: adminProcedure
    .input(z.object({ id: z.string().min(1), disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.user.id) throw new TRPCError({ code: "BAD_REQUEST", message: "you cannot disable yourself" });
      if (!(await setUserDisabled(ctx.db, input.id, input.disabled))) throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
      return { ok: true };
    }),
});
