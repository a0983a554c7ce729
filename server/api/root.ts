import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { keysRouter } from "./routers/keys";
import { modelsRouter } from "./routers/models";
import { usageRouter } from "./routers/usage";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  keys: keysRouter,
  usage: usageRouter,
  models: modelsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
