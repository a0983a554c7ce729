import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { appsRouter } from "./routers/apps";
import { billingRouter } from "./routers/billing";
import { catalogRouter } from "./routers/catalog";
import { dashboardRouter } from "./routers/dashboard";
import { keysRouter } from "./routers/keys";
import { legalRouter } from "./routers/legal";
import { legalAdminRouter } from "./routers/legal-admin";
import { memberLimitsRouter } from "./routers/member-limits";
import { modelsRouter } from "./routers/models";
import { orgRouter } from "./routers/org";
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
  legal: legalRouter,
  legalAdmin: legalAdminRouter,
  org: orgRouter,
  dashboard: dashboardRouter,
  memberLimits: memberLimitsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
