import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { appsRouter } from "./routers/apps";
import { billingRouter } from "./routers/billing";
import { catalogRouter } from "./routers/catalog";
import { keysRouter } from "./routers/keys";
import { modelsRouter } from "./routers/models";
import { pricingRouter } from "./routers/pricing";
import { routingRouter } from "./routers/routing";
import { securityRouter } from "./routers/security";
import { usageRouter } from "./routers/usage";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  keys: keysRouter,
  usage: usageRouter,
  models: modelsRouter,
  admin: adminRouter,
  apps: appsRouter,
  billing: billingRouter,
  pricing: pricingRouter,
  catalog: catalogRouter,
  routing: routingRouter,
  security: securityRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
