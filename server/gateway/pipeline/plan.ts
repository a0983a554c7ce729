import { getCatalog } from "../../core/catalog";
import { badRequest } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { planRoutes, type Plan } from "../../routing/plan";
import { sessionIdSchema } from "../../routing/session-affinity";
import type { RequestContext } from "./context";
import type { Endpoint } from "./endpoint";

/**
 * A conversation id the request schema could not check (the `x-session-id` header; a loosely parsed body field),
 * checked as the schema checks `prompt_cache_key`. The value is never echoed: it may be anything.
 */
export function checkedSession(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = sessionIdSchema.safeParse(value);
  if (!parsed.success) throw badRequest(`${param}: ${parsed.error.issues[0]!.message}`, param);
  return parsed.data;
}

/**
 * Stage 3: the ordered routes (accounts and models) the request may run on, and why the first was chosen. A session
 * named in the body wins over the `x-session-id` header.
 */
export async function planRequest<Req extends { model: string }>(
  endpoint: Endpoint<Req, unknown>,
  req: Req,
  principal: Principal,
  ctx: Pick<RequestContext, "session">,
): Promise<Plan> {
  const input = endpoint.planInput(req, principal, await getCatalog());
  return planRoutes({ ...input, session: input.session ?? checkedSession(ctx.session, "x-session-id") });
}
