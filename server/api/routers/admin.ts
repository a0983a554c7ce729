import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { idInput } from "../../ids";
import { getUserForAdmin } from "../../services/admin/get-user";
import { listUsers } from "../../services/admin/list-users";
import { setUserDisabled } from "../../services/admin/set-user-disabled";
import { getHitSharePercent, hitSharePercent, setHitSharePercent } from "../../services/cache/hit-share";
import { purgeAllCache } from "../../services/cache/purge-cache";
import { getIpLists } from "../../services/ip-access/get-ip-lists";
import { environmentIpLists } from "../../services/ip-access/ip-access";
import { IpListsError, saveIpLists } from "../../services/ip-access/save-ip-lists";
import { recordAdminAction } from "../record-admin-action";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** Checked as IP ranges by saveIpLists. */
const ipRangeListInput = z.array(z.string().trim().min(1).max(100)).max(1_000, "at most 1000 entries");

export const adminRouter = createTRPCRouter({
  users: adminProcedure
    .input(z.object({ search: z.string().max(200).optional(), before: z.date().optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  user: adminProcedure.input(z.object({ id: idInput("usr") })).query(async ({ ctx, input }) => {
    const found = await getUserForAdmin(ctx.db, input.id);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
    return found;
  }),

  setUserDisabled: adminProcedure
    .input(z.object({ id: idInput("usr"), disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.user.id) throw new TRPCError({ code: "BAD_REQUEST", message: "you cannot disable yourself" });
      if (!(await setUserDisabled(ctx.db, input.id, input.disabled))) throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
      await recordAdminAction(ctx, { kind: input.disabled ? "admin.user_disabled" : "admin.user_enabled", userId: input.id, subject: input.id });
      return { ok: true };
    }),

  /** The global IP lists: the admin page's (editable) and the environment's, with the caller's own address. */
  ipLists: adminProcedure.query(async ({ ctx }) => ({
    ...(await getIpLists(ctx.db)),
    environment: environmentIpLists(),
    yourIp: ctx.source?.ip ?? null,
  })),

  /** Every instance applies the new lists within 5 s. Message on refusal: `<problem>: <detail>`. */
  setIpLists: adminProcedure.input(z.object({ allow: ipRangeListInput, deny: ipRangeListInput })).mutation(async ({ ctx, input }) => {
    try {
      const saved = await saveIpLists(ctx.db, input, ctx.source?.ip);
      await recordAdminAction(ctx, { kind: "admin.ip_lists_set", data: saved });
      return saved;
    } catch (err) {
      if (err instanceof IpListsError) throw new TRPCError({ code: "BAD_REQUEST", message: `${err.problem}: ${err.detail}`, cause: err });
      throw err;
    }
  }),

  /** The response cache's admin settings: the share of an answer's price a hit costs (docs/api/cache.md, "Money"). */
  cacheSettings: adminProcedure.query(async ({ ctx }) => ({ hitSharePercent: await getHitSharePercent(ctx.db) })),

  /** Every gateway applies the new share within seconds. */
  setCacheHitShare: adminProcedure.input(z.object({ percent: hitSharePercent })).mutation(async ({ ctx, input }) => {
    const percent = await setHitSharePercent(ctx.db, input.percent);
    await recordAdminAction(ctx, { kind: "admin.cache_hit_share_set", data: { hitSharePercent: percent } });
    return { hitSharePercent: percent };
  }),

  /** Forgets every user's cached answers at once. */
  purgeCache: adminProcedure.mutation(async ({ ctx }) => {
    await purgeAllCache();
    await recordAdminAction(ctx, { kind: "admin.cache_purged" });
    return { purged: true as const };
  }),
});
