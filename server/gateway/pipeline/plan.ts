import { getCatalog } from "../../core/catalog";
import type { Principal } from "../../core/principal";
import { planRoutes, type Plan } from "../../routing/plan";
import type { Endpoint } from "./endpoint";

/** Stage 3: the ordered routes (accounts and models) the request may run on, and why the first was chosen. */
export async function planRequest<Req extends { model: string }>(endpoint: Endpoint<Req, unknown>, req: Req, principal: Principal): Promise<Plan> {
  return planRoutes(endpoint.planInput(req, principal, await getCatalog()));
}
