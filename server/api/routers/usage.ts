import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { checkRange, usageFilterShape, usageFiltersSchema } from "../../services/usage/filters";
import { listRecentRequests, RECENT_CURSOR } from "../../services/usage/list-recent-requests";
import { listUsageFilterOptions } from "../../services/usage/list-usage-filter-options";
import { summarizeUsage } from "../../services/usage/summarize-usage";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const recentInput = z
  .object({
    ...usageFilterShape,
    cursor: z.string().regex(RECENT_CURSOR, "invalid cursor").nullish(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .superRefine(checkRange);

/** A key filter naming another user's key (or none at all) is NOT_FOUND, never an empty report. */
function found<T>(value: T | undefined): T {
  if (value === undefined) throw new TRPCError({ code: "NOT_FOUND", message: "key_not_found" });
  return value;
}

export const usageRouter = createTRPCRouter({
  /** Totals, series and breakdowns by model, provider and key over a date range (default: the last 7 days). */
  summary: protectedProcedure.input(usageFiltersSchema).query(async ({ ctx, input }) => found(await summarizeUsage(ctx.db, ctx.user.id, input))),

  /** The user's requests in the range, newest first, cursor-paginated; admins also get upstreams' full error texts. */
  recent: protectedProcedure
    .input(recentInput)
    .query(async ({ ctx, input }) => found(await listRecentRequests(ctx.db, ctx.user.id, input, { withDetail: ctx.user.role === "admin" }))),

  /** The models and keys the filter bar offers. */
  filterOptions: protectedProcedure.query(({ ctx }) => listUsageFilterOptions(ctx.db, ctx.user.id)),
});
