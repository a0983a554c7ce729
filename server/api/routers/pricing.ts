import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { listPriceHistory, listPrices } from "../../services/pricing/list-prices";
import { MARKUP_MAX, MARKUP_MIN, setMarkup } from "../../services/pricing/set-markup";
import { setPrice } from "../../services/pricing/set-price";
import { createPromo } from "../../services/promos/create-promo";
import { listPromos } from "../../services/promos/list-promos";
import { PromoError } from "../../services/promos/promo-error";
import { getMarkupPercent } from "../../core/markup";
import { recordAdminAction } from "../record-admin-action";
import { amountRub, priceRub } from "../rub-input";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** Admin tools: model prices, the global markup and promo codes. */
export const pricingRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listPrices(ctx.db)),

  history: adminProcedure
    .input(z.object({ modelId: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => listPriceHistory(ctx.db, input.modelId)),

  setPrice: adminProcedure
    .input(
      z.object({
        modelId: z.string().min(1).max(200),
        input: priceRub,
        output: priceRub,
        cachedInput: priceRub,
        status: z.enum(["confirmed", "estimate"]),
        vatIncluded: z.boolean().default(true),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await setPrice(ctx.db, {
        modelId: input.modelId,
        inputMicroPer1M: input.input,
        outputMicroPer1M: input.output,
        cachedInputMicroPer1M: input.cachedInput,
        status: input.status,
        vatIncluded: input.vatIncluded,
      });
      if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "no such model" });
      await recordAdminAction(ctx, { kind: "admin.price_set", subject: input.modelId, data: { priceId: row.id, ...input } });
      return row;
    }),

  markup: adminProcedure.query(async ({ ctx }) => ({ percent: await getMarkupPercent(ctx.db) })),

  setMarkup: adminProcedure
    .input(
      z.object({
        percent: z
          .number()
          .min(MARKUP_MIN)
          .max(MARKUP_MAX)
          .transform((p) => Math.round(p * 100) / 100),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await setMarkup(ctx.db, input.percent);
      await recordAdminAction(ctx, { kind: "admin.markup_set", data: { percent: input.percent } });
      return { percent: input.percent };
    }),

  promos: adminProcedure.query(({ ctx }) => listPromos(ctx.db)),

  createPromo: adminProcedure
    .input(
      z.object({
        code: z.string().trim().min(3).max(40),
        amount: amountRub,
        expiresAt: z.date().nullish(),
        maxUses: z.number().int().min(1).max(1_000_000).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      try {
        return await createPromo(ctx.db, ctx.user.id, {
          code: input.code,
          amountMicro: input.amount,
          expiresAt: input.expiresAt,
          maxUses: input.maxUses,
        });
      } catch (err) {
        if (err instanceof PromoError)
          throw new TRPCError({ code: err.code === "promo_exists" ? "CONFLICT" : "BAD_REQUEST", message: err.code });
        throw err;
      }
    }),
});
