import { and, eq } from "drizzle-orm";
import { getDb } from "../db";
import { requests } from "../db/schema";
import { getStore } from "../store";
import { badRequest, GatewayError } from "../core/errors";
import type { Principal } from "../core/principal";
import { generationKey, toGeneration, type Generation } from "./recorder";

const ANSWER_ID_PREFIXES = ["chatcmpl-", "resp_", "msg_"];

/** GET /generation?id=: a finished request of the caller (store first, then the database). */
export async function getGeneration(id: string | null, principal: Principal): Promise<{ data: Generation }> {
  if (!id) throw badRequest("id: is required", "id");
  // The answer's id (chat `chatcmpl-…`, Responses `resp_…`, Messages `msg_…`) and the request id (`req_…`) name
  // the same generation.
  const prefix = ANSWER_ID_PREFIXES.find((p) => id!.startsWith(p));
  if (prefix) id = `req_${id.slice(prefix.length)}`;
  const cached = await getStore().get(generationKey(id, principal.userId));
  if (cached) return { data: JSON.parse(cached) as Generation };
  const db = await getDb();
  const [row] = await db
    .select()
    .from(requests)
    .where(and(eq(requests.id, id), eq(requests.userId, principal.userId)));
  if (!row) throw new GatewayError(404, `generation '${id}' not found`, "not_found_error", "generation_not_found", "id");
  return { data: toGeneration(row) };
}
