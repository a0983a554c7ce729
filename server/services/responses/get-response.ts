import type { Principal } from "../../core/principal";
import { getDb } from "../../db";
import type { ResponseObject } from "../../gateway/responses/response-object";
import { findResponses, responseNotFound } from "./stored-responses";

/** GET /responses/{id}: one of the caller's stored responses, as it was answered. */
export async function getResponse(id: string, principal: Principal): Promise<ResponseObject> {
  const stored = (await findResponses(await getDb(), principal.userId, [id])).get(id);
  if (!stored) throw responseNotFound(id);
  return stored.response;
}
