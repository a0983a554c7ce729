import { and, eq, gt } from "drizzle-orm";
import type { Principal } from "../../core/principal";
import { getDb } from "../../db";
import { storedResponses } from "../../db/schema";
import { responseNotFound, retentionCutoff } from "./stored-responses";

/** DELETE /responses/{id}: removes one of the caller's stored responses; OpenAI's deletion object. */
export async function deleteResponse(id: string, principal: Principal) {
  const deleted = await (await getDb())
    .delete(storedResponses)
    .where(and(eq(storedResponses.id, id), eq(storedResponses.userId, principal.userId), gt(storedResponses.createdAt, retentionCutoff())))
    .returning({ id: storedResponses.id });
  if (deleted.length === 0) throw responseNotFound(id);
  return { id, object: "response", deleted: true };
}
