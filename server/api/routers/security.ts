import { z } from "zod";
import { getTimeZone } from "../../services/accounts/time-zone";
import { auditFilterShape, checkDays, listAuditEvents, listOwnAuditEvents, pageShape } from "../../services/audit/list-events";
import { accountUserId } from "../../services/organizations/acting-account";
import { accountProcedure } from "../account-procedure";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** The audit log: what happened to the chosen account (an organization's: its owners and admins); admins see and filter everyone's. */
export const securityRouter = createTRPCRouter({
  events: accountProcedure
    .need("security.read")
    .input(z.object(pageShape))
    .query(({ ctx, input }) => listOwnAuditEvents(ctx.db, accountUserId(ctx.account), input)),

  allEvents: adminProcedure
    .input(z.object({ ...auditFilterShape, ...pageShape }).superRefine(checkDays))
    .query(async ({ ctx, input }) => listAuditEvents(ctx.db, { ...input, zone: await getTimeZone(ctx.db, ctx.user.id) })),
});
