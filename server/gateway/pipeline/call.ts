import { failedRoute, runRoutes, type Success } from "../../routing/execute";
import type { FirstSlot } from "../../routing/slots";
import { requestFailure } from "../request-failure";
import type { Endpoint, Run } from "./endpoint";
import { record } from "./record";
import { routeHeaders } from "./route-headers";

/**
 * Stage 5: the endpoint's provider call on the planned routes, retried and falling back until one answers.
 * When none does, the hold is released, the failure recorded, and the error answered with the route headers.
 */
export async function callUpstream<Req extends { model: string }, Answer>(
  endpoint: Endpoint<Req, Answer>,
  run: Run<Req>,
  firstSlot: FirstSlot,
): Promise<Success<Answer>> {
  try {
    return await runRoutes(
      run.plan,
      run.ctx.signal,
      (route, signal) => endpoint.call(run.req, route, { requestId: run.ctx.requestId, signal }),
      firstSlot,
    );
  } catch (err) {
    run.hold.release();
    const error = requestFailure(err, run.ctx.signal);
    const { attempts, last } = failedRoute(run.plan, err);
    record(endpoint, run, last, attempts, { status: error.status, errorCode: error.code });
    throw error.withHeaders(routeHeaders(run, last, attempts));
  }
}
