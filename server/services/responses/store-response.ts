import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { storedResponses } from "../../db/schema";
import { queryRows } from "../../db/rows";
import type { ResponseObject } from "../../gateway/responses/response-object";
import type { ConversationItem } from "../../gateway/responses/translate-request";
import { MAX_CHAIN_LINKS, retentionCutoff } from "./stored-responses";

/** A response's conversation: this request's own items, and everything up to the answer. */
export interface Conversation {
  own: ConversationItem[];
  whole: ConversationItem[];
}

/**
 * Keeps an answered response (idempotent on the response id). Continuing one of the caller's stored responses, it
 * is stored as a link (its own input, the previous response's id); otherwise (nothing stored to link to, e.g. a
 * WebSocket's `store: false` previous response, or a chain at its length limit) with its whole conversation.
 */
export async function storeResponse(db: Db, userId: string, response: ResponseObject, conversation: Conversation): Promise<void> {
  const previous = response.previous_response_id;
  if (previous) {
    const linked = await queryRows<{ id: string }>(
      db,
      sql`
        INSERT INTO stored_responses (id, user_id, response, input, previous_id, depth)
        SELECT ${response.id}, ${userId}, ${JSON.stringify(response)}::jsonb, ${JSON.stringify(conversation.own)}::jsonb, p.id, p.depth + 1
        FROM stored_responses p
        WHERE p.id = ${previous} AND p.user_id = ${userId} AND p.created_at > ${retentionCutoff()} AND p.depth < ${MAX_CHAIN_LINKS - 1}
        ON CONFLICT (id) DO NOTHING
        RETURNING id`,
    );
    if (linked.length > 0) return;
  }
  await db.insert(storedResponses).values({ id: response.id, userId, response, input: conversation.whole }).onConflictDoNothing();
}
