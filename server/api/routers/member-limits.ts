import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { orgMembers } from "../../db/schema";
import { idInput } from "../../ids";
import { OrgError } from "../../services/organizations/org-error";
import { mayManageRole } from "../../services/organizations/permissions";
import { setMemberLimit } from "../../services/organizations/set-member-limit";
import { orgProcedure } from "../account-procedure";
import { amountRub } from "../rub-input";
import { createTRPCRouter } from "../trpc";

export const memberLimitsRouter = createTRPCRouter({
  /**
   * Sets a member's monthly spending limit in the chosen organization (rubles, whole kopecks), or clears it (null).
   * Owners and admins only (an owner's limit: owners only); the gateway holds it over all the keys the member made there.
   */
  set: orgProcedure
    .need("limits.manage")
    .input(z.object({ userId: idInput("usr"), limitRub: amountRub.nullable() }))
    .mutation(async ({ ctx, input }) => {
      // Only an owner sets an owner's limit (mayManageRole), as only an owner changes an owner's role.
      const [target] = await ctx.db
        .select({ role: orgMembers.role })
        .from(orgMembers)
        .where(and(eq(orgMembers.orgId, ctx.account.orgId), eq(orgMembers.userId, input.userId)));
      if (target && !mayManageRole(ctx.account.role, target.role)) throw new TRPCError({ code: "FORBIDDEN", message: "owner_only" });
      try {
        await setMemberLimit(ctx.db, { orgId: ctx.account.orgId, userId: input.userId, limitMicro: input.limitRub });
      } catch (err) {
        if (err instanceof OrgError) throw new TRPCError({ code: "NOT_FOUND", message: err.code });
        throw err;
      }
      return { limitMicro: input.limitRub };
    }),
});
