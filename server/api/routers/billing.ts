import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { parseRubInput } from "../../core/format/rub";
import { checkLowBalance } from "../../services/billing/low-balance";
import { getBalanceView, setLowBalanceThreshold } from "../../services/billing/low-balance-threshold";
import { listLedger } from "../../services/billing/list-ledger";
import { listStatementMonths } from "../../services/billing/statement-months";
import { PromoError } from "../../services/promos/promo-error";
import { redeemPromo } from "../../services/promos/redeem-promo";
import { listTopups } from "../../services/topups/list-topups";
import { limitPromoGuesses } from "../guess-limits";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** The signed-in user's own money: every procedure is scoped to ctx.user.id. */
export const billingRouter = createTRPCRouter({
  balance: protectedProcedure.query(async ({ ctx }) => {
    const view = await getBalanceView(ctx.db, ctx.user.id);
    if (!view) throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
    return view;
  }),

  ledger: protectedProcedure
    .input(
      z.object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(100).default(25) }),
    )
    .query(({ ctx, input }) => listLedger(ctx.db, ctx.user.id, { cursor: input.cursor, limit: input.limit })),

  topups: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(20) }))
    .query(async ({ ctx, input }) => {
      // One more than asked tells the page whether there is more to show.
      const rows = await listTopups(ctx.db, ctx.user.id, { limit: input.limit + 1 });
      return { topups: rows.slice(0, input.limit), more: rows.length > input.limit };
    }),

  statementMonths: protectedProcedure.query(({ ctx }) => listStatementMonths(ctx.db, ctx.user.id)),

  setLowBalanceThreshold: protectedProcedure
    .input(z.object({ thresholdRub: z.string().max(20).nullable() }))
    .mutation(async ({ ctx, input }) => {
      let micro: number | null = null;
      if (input.thresholdRub !== null && input.thresholdRub.trim() !== "") {
        const parsed = parseRubInput(input.thresholdRub);
        if (!parsed.ok) throw new TRPCError({ code: "BAD_REQUEST", message: "threshold_invalid" });
        micro = parsed.micro;
      }
      if (!(await setLowBalanceThreshold(ctx.db, ctx.user.id, micro)))
        throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
      // Already below the new threshold: warn now rather than at the next charge.
      if (micro !== null) await checkLowBalance(ctx.db, [ctx.user.id]);
      return { lowBalanceThresholdMicro: micro };
    }),

  redeemPromo: protectedProcedure
    .input(z.object({ code: z.string().trim().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await limitPromoGuesses(ctx.user.id, ctx.source?.ip);
      try {
        return await redeemPromo(ctx.db, ctx.user.id, input.code);
      } catch (err) {
        if (err instanceof PromoError)
          throw new TRPCError({ code: err.code === "promo_already_redeemed" ? "CONFLICT" : "BAD_REQUEST", message: err.code });
        throw err;
      }
    }),
});
