import { validate } from "../validate";
import type { Endpoint } from "./endpoint";

/** Stage 2: the body against the endpoint's schema and its own checks; a 400 naming the field otherwise. */
export function validateRequest<Req extends { model: string }>(endpoint: Endpoint<Req, unknown>, body: unknown): Req {
  const req = validate(endpoint.schema, body);
  endpoint.check?.(req);
  return req;
}
