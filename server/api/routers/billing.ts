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
import { accountUserId } from "../../services/organizations/acting-account";
import { accountProcedure } from "../account-procedure";
import { createTRPCRouter } from "../trpc";

const readMoney = accountProcedure.need("billing.read");
const payMoney = accountProcedure.need("billing.pay");

/** The chosen account's money (the user's own, or an organization's wallet): every procedure is scoped to accountUserId(ctx.account). */
export const billingRouter = createTRPCRouter({
  balance: readMoney.query(async ({ ctx }) => {
    const view = await getBalanceView(ctx.db, accountUserId(ctx.account));
    if (!view) throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
    return view;
  }),

  ledger: readMoney
    .input(
      z.object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(100).default(25) }),
    )
    .query(({ ctx, input }) => listLedger(ctx.db, accountUserId(ctx.account), { cursor: input.cursor, limit: input.limit })),

  topups: readMoney
    .input(z.object({ limit: z.number().int().min(1).max(500).default(20) }))
    .query(async ({ ctx, input }) => {
      // One more than asked tells the page whether there is more to show.
      const rows = await listTopups(ctx.db, accountUserId(ctx.account), { limit: input.limit + 1 });
      return { topups: rows.slice(0, input.limit), more: rows.length > input.limit };
    }),

  statementMonths: readMoney.query(({ ctx }) => listStatementMonths(ctx.db, accountUserId(ctx.account))),

  setLowBalanceThreshold: payMoney
    .input(z.object({ thresholdRub: z.string().max(20).nullable() }))
    .mutation(async ({ ctx, input }) => {
      let micro: number | null = null;
      if (input.thresholdRub !== null && input.thresholdRub.trim() !== "") {
        const parsed = parseRubInput(input.thresholdRub);
        if (!parsed.ok) throw new TRPCError({ code: "BAD_REQUEST", message: "threshold_invalid" });
        micro = parsed.micro;
      }
      const userId = accountUserId(ctx.account);
      if (!(await setLowBalanceThreshold(ctx.db, userId, micro)))
        throw new TRPCError({ code: "NOT_FOUND", message: "no such user" });
      // Already below the new threshold: warn now rather than at the next charge.
      if (micro !== null) await checkLowBalance(ctx.db, [userId]);
      return { lowBalanceThresholdMicro: micro };
    }),

  /** Promo codes are for people: one use per person, so never redeemed into an organization's wallet. */
  redeemPromo: payMoney
    .input(z.object({ code: z.string().trim().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.account.kind !== "personal") throw new TRPCError({ code: "BAD_REQUEST", message: "promo_personal_only" });
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
