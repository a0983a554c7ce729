import type { Db } from "../../db";
import { storedResponses } from "../../db/schema";
import type { ResponseObject } from "../../gateway/responses/response-object";
import type { ConversationItem } from "../../gateway/responses/translate-request";

/** Keeps an answered response and the conversation up to it (idempotent on the response id). */
export async function storeResponse(db: Db, userId: string, response: ResponseObject, input: ConversationItem[]): Promise<void> {
  await db.insert(storedResponses).values({ id: response.id, userId, response, input }).onConflictDoNothing();
}
