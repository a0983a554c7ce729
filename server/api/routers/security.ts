import { z } from "zod";
import { auditFilterShape, checkDays, listAuditEvents, listOwnAuditEvents, pageShape } from "../../services/audit/list-events";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

/** The audit log: each user sees what happened to their own account; admins see and filter everyone's. */
export const securityRouter = createTRPCRouter({
  events: protectedProcedure.input(z.object(pageShape)).query(({ ctx, input }) => listOwnAuditEvents(ctx.db, ctx.user.id, input)),

  allEvents: adminProcedure
    .input(z.object({ ...auditFilterShape, ...pageShape }).superRefine(checkDays))
    .query(({ ctx, input }) => listAuditEvents(ctx.db, input)),
});
