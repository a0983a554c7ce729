import { TRPCError } from "@trpc/server";
import { addDays, dayInZone, startOfDayInZone } from "../../core/format/time";
import { getTimeZone } from "../../services/accounts/time-zone";
import { getBalanceView } from "../../services/billing/low-balance-threshold";
import { listKeys } from "../../services/keys/list-keys";
import { accountUserId } from "../../services/organizations/acting-account";
import { can, ownKeysScope } from "../../services/organizations/permissions";
import { PLAYGROUND_KEY_NAME } from "../../services/playground/get-playground-principal";
import { listRecentRequests } from "../../services/usage/list-recent-requests";
import { summarizeUsage } from "../../services/usage/summarize-usage";
import { accountProcedure } from "../account-procedure";
import { createTRPCRouter } from "../trpc";

/** How many of the last requests and keys the home page lists (the rest are a link away). */
export const DASHBOARD_RECENT = 5;
export const DASHBOARD_KEYS = 3;
/** The last requests are looked for this far back. */
const RECENT_DAYS = 30;

export const dashboardRouter = createTRPCRouter({
  /**
   * The home page of the chosen account (personal or an organization) in one call: balance, this month's usage in
   * the reader's zone (totals and a series), spend today, the last requests, the keys, and the getting-started steps
   * while there is no key of one's own. Each part is what the member's role may read (an organization's developer:
   * their own keys' requests, no balance; its billing role: no keys).
   */
  summary: accountProcedure.query(async ({ ctx }) => {
    const { account } = ctx;
    const userId = accountUserId(account);
    const now = new Date();
    const zone = await getTimeZone(ctx.db, ctx.user.id);
    const today = dayInZone(now, zone);
    const createdBy = ownKeysScope(account, ctx.user.id, "activity.read");
    const scope = { zone, createdBy };
    const readsKeys = can(account, "keys.read") || can(account, "keys.own");
    const [balance, usage, recent, keys] = await Promise.all([
      getBalanceView(ctx.db, userId),
      summarizeUsage(ctx.db, userId, { from: `${today.slice(0, 7)}-01`, to: today, ...scope }, now),
      listRecentRequests(ctx.db, userId, { from: addDays(today, 1 - RECENT_DAYS), to: today, limit: DASHBOARD_RECENT, ...scope }, { now }),
      readsKeys ? listKeys(ctx.db, userId, now, ownKeysScope(account, ctx.user.id, "keys.read")) : undefined,
    ]);
    if (!balance || !usage || !recent) throw new TRPCError({ code: "NOT_FOUND", message: "no such account" });

    const todayStart = startOfDayInZone(today, zone).getTime();
    const spendTodayMicro = usage.series.filter((p) => Date.parse(p.at) >= todayStart).reduce((sum, p) => sum + p.costMicro, 0);
    const liveKeys = keys?.filter((key) => key.status !== "revoked");
    // The Playground's key is made for the user on first use: it is not a key of their own for their code.
    const checklist =
      !liveKeys || liveKeys.some((key) => key.name !== PLAYGROUND_KEY_NAME)
        ? null
        : { key: false, credit: balance.balanceMicro > 0, request: usage.totals.requests > 0 || recent.items.length > 0 };
    return {
      zone,
      today,
      account: account.kind === "personal" ? null : { name: account.orgName },
      /** Null where the member's role may not see the wallet. */
      balanceMicro: can(account, "billing.read") ? balance.balanceMicro : null,
      spend: { todayMicro: spendTodayMicro, monthMicro: usage.totals.costMicro },
      month: { from: usage.range.from, to: usage.range.to, bucket: usage.range.bucket, requests: usage.totals.requests, errors: usage.totals.errors },
      series: usage.series,
      recent: recent.items.map(({ id, createdAt, model, status, errorCode, costMicro, keyName }) => ({ id, createdAt, model, status, errorCode, costMicro, keyName })),
      /** Null where the member's role may not see keys. */
      keys: liveKeys
        ? {
            live: liveKeys.length,
            items: liveKeys
              .slice(0, DASHBOARD_KEYS)
              .map(({ id, name, prefix, status, lastUsedAt, spendMonthMicro }) => ({ id, name, prefix, status, lastUsedAt, spendMonthMicro })),
          }
        : null,
      checklist,
    };
  }),
});
