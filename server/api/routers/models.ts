import { listCatalog } from "../../services/catalog/list-catalog";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const modelsRouter = createTRPCRouter({
  /** The public model catalog (no session needed): provider, context, RUB prices per 1M tokens, features. */
  list: publicProcedure.query(() => listCatalog()),
});
