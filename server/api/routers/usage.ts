import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getTimeZone } from "../../services/accounts/time-zone";
import { checkRange, usageFilterShape, usageFiltersSchema } from "../../services/usage/filters";
import { listRecentRequests, RECENT_CURSOR } from "../../services/usage/list-recent-requests";
import { listUsageFilterOptions } from "../../services/usage/list-usage-filter-options";
import { summarizeUsage } from "../../services/usage/summarize-usage";
import { accountUserId } from "../../services/organizations/acting-account";
import { ownKeysScope } from "../../services/organizations/permissions";
import { accountProcedure } from "../account-procedure";
import { createTRPCRouter } from "../trpc";

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

/** All of the account's activity, or (an organization's developer) that of the keys one made. */
const readActivity = accountProcedure.need("activity.read", "activity.own");

export const usageRouter = createTRPCRouter({
  /** Totals, series and breakdowns by model, provider and key over a date range (default: the last 7 days). */
  summary: readActivity.input(usageFiltersSchema).query(async ({ ctx, input }) => {
    const zone = await getTimeZone(ctx.db, ctx.user.id);
    return found(
      await summarizeUsage(ctx.db, accountUserId(ctx.account), {
        ...input,
        zone,
        createdBy: ownKeysScope(ctx.account, ctx.user.id, "activity.read"),
      }),
    );
  }),

  /** The user's requests in the range, newest first, cursor-paginated; admins also get upstreams' full error texts. */
  recent: readActivity.input(recentInput).query(async ({ ctx, input }) => {
    const zone = await getTimeZone(ctx.db, ctx.user.id);
    const createdBy = ownKeysScope(ctx.account, ctx.user.id, "activity.read");
    return found(
      await listRecentRequests(
        ctx.db,
        accountUserId(ctx.account),
        { ...input, zone, createdBy },
        { withDetail: ctx.user.role === "admin" },
      ),
    );
  }),

  /** The models and keys the filter bar offers. */
  filterOptions: readActivity.query(({ ctx }) =>
    listUsageFilterOptions(
      ctx.db,
      accountUserId(ctx.account),
      undefined,
      ownKeysScope(ctx.account, ctx.user.id, "activity.read"),
    ),
  ),
});
