import type { Principal } from "../../core/principal";
import { identify } from "../identify";

/** Who a request comes from, as the door saw it. */
export interface Caller {
  authorization: string | undefined;
  clientIp?: string;
  /** Set by in-process callers that have already identified the user (the portal's playground). */
  principal?: Principal;
}

/** Stage 1: the caller's key or access token → the principal (user, key, limits), with the scope it needs. */
export function identifyCaller(caller: Caller, scope = "chat"): Promise<Principal> {
  return caller.principal ? Promise.resolve(caller.principal) : identify(caller.authorization, scope, caller.clientIp);
}
