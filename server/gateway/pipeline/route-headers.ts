import type { Attempt } from "../../routing/execute";
import type { Route } from "../../routing/plan";
import type { Run } from "./endpoint";

/** Response headers naming where the request ran and how the route was chosen: on answers and failures alike. */
export function routeHeaders(
  run: Run<unknown>,
  route: Route | undefined,
  attempts: Attempt[],
  dropped?: string[],
): Record<string, string> {
  const headers: Record<string, string> = {
    "x-request-id": run.ctx.requestId,
    "x-xrouter-attempts": String(attempts.length),
    "x-xrouter-route-reason": encodeURIComponent(run.plan.reason),
  };
  if (route) {
    headers["x-xrouter-provider"] = route.account.provider;
    headers["x-xrouter-model"] = route.model.id;
  }
  if (dropped?.length) headers["x-xrouter-dropped-params"] = dropped.join(",");
  return Object.assign(headers, run.limitHeaders);
}
