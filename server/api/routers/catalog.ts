import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getAccounts } from "../../routing/accounts";
import { addModel, CatalogInputError, setModelPublished } from "../../services/catalog/add-model";
import { syncAllUpstreamModels } from "../../services/catalog/sync-upstream";
import { upstreamView } from "../../services/catalog/upstream-view";
import { recordAdminAction } from "../record-admin-action";
import { priceRub } from "../rub-input";
import { adminProcedure, createTRPCRouter } from "../trpc";

const modelId = z.string().trim().min(1).max(200);

/** Admin tools for the catalog sync (docs/providers/catalog-sync.md): new upstream models, publishing, a sync now. */
export const catalogRouter = createTRPCRouter({
  upstream: adminProcedure.query(async ({ ctx }) => upstreamView(ctx.db, await getAccounts())),

  sync: adminProcedure.mutation(async ({ ctx }) => {
    const { listed, failed, unavailable, available } = await syncAllUpstreamModels(ctx.db);
    return { listed: listed.length, failed: failed.length, unavailable, available };
  }),

  addModel: adminProcedure
    .input(
      z.object({
        id: modelId,
        provider: z.string().trim().min(1).max(50),
        upstreamModel: z.string().trim().min(1).max(300),
        name: z.string().trim().min(1).max(100),
        kind: z.enum(["chat", "embedding"]),
        contextLength: z.number().int().min(1).max(10_000_000),
        tools: z.boolean().default(false),
        input: priceRub,
        output: priceRub,
        cachedInput: priceRub,
        status: z.enum(["confirmed", "estimate"]).default("estimate"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      try {
        await addModel(ctx.db, {
          ...input,
          inputMicroPer1M: input.input,
          outputMicroPer1M: input.output,
          cachedInputMicroPer1M: input.cachedInput,
        });
      } catch (err) {
        if (err instanceof CatalogInputError)
          throw new TRPCError({ code: err.code === "model_exists" ? "CONFLICT" : "BAD_REQUEST", message: err.code });
        throw err;
      }
      await recordAdminAction(ctx, { kind: "admin.model_added", subject: input.id, data: input });
      return { id: input.id };
    }),

  setPublished: adminProcedure.input(z.object({ modelId, published: z.boolean() })).mutation(async ({ ctx, input }) => {
    if (!(await setModelPublished(ctx.db, input.modelId, input.published)))
      throw new TRPCError({ code: "NOT_FOUND", message: "no such model" });
    await recordAdminAction(ctx, { kind: input.published ? "admin.model_published" : "admin.model_unpublished", subject: input.modelId });
    return input;
  }),
});
