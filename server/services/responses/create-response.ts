import type { Principal } from "../../core/principal";
import { getDb } from "../../db";
import type { RequestContext } from "../../gateway/pipeline/context";
import { runEndpoint } from "../../gateway/pipeline/run-endpoint";
import { responsesEndpoint, type KeepResponse, type ResponsesTransport } from "../../gateway/responses/endpoint";
import { responseIdOfItem } from "../../gateway/responses/response-object";
import type { ConversationItem, Prior } from "../../gateway/responses/translate-request";
import type { ResponseSink } from "../../gateway/sink";
import { findConversation, findResponses, previousResponseNotFound } from "./stored-responses";
import { storeResponse } from "./store-response";

/** The ids a body refers to, read before validation: a malformed body fails validation later, with its 400. */
function referencesOf(body: unknown): { previous?: string; items: string[] } {
  const fields = (body && typeof body === "object" ? body : {}) as { previous_response_id?: unknown; input?: unknown };
  const previous = typeof fields.previous_response_id === "string" && fields.previous_response_id ? fields.previous_response_id : undefined;
  const items = Array.isArray(fields.input)
    ? fields.input.flatMap((item: { type?: unknown; id?: unknown }) => (item?.type === "item_reference" && typeof item.id === "string" ? [item.id] : []))
    : [];
  return { previous, items };
}

/**
 * What the request continues from, read only when it refers to stored responses: the previous response's
 * conversation (404 naming `previous_response_id` when it, or any response it continued from, is unknown, another
 * user's, deleted or expired) and the items `item_reference` inputs name (the two reads side by side).
 */
async function loadPrior(body: unknown, userId: string, recall?: Recall): Promise<Prior> {
  const { previous, items } = referencesOf(body);
  const recalled = previous ? recall?.(previous) : undefined;
  const toRead = recalled ? undefined : previous;
  const ids = [...new Set(items.map(responseIdOfItem).filter((id) => id !== undefined))];
  if (!toRead && ids.length === 0) return recalled ? { previous: recalled } : {};
  const db = await getDb();
  const [conversation, found] = await Promise.all([toRead ? findConversation(db, userId, toRead) : recalled, findResponses(db, userId, ids)]);
  if (previous && !conversation) throw previousResponseNotFound(previous);
  const references = new Map<string, ConversationItem>();
  for (const stored of found.values()) for (const item of stored.response.output) references.set(item.id, item as ConversationItem);
  return { previous: conversation, references };
}

/** A conversation the caller's transport holds in memory (a WebSocket's latest responses), by response id. */
export type Recall = (responseId: string) => ConversationItem[] | undefined;

/**
 * POST /responses (and a WebSocket's `response.create`): the Responses endpoint on the pipeline, continuing the
 * caller's conversation (from `recall` first, else the stored responses) and keeping the answer.
 */
export async function createResponse(
  body: unknown,
  principal: Principal,
  ctx: RequestContext,
  sink: ResponseSink,
  socket?: { transport: ResponsesTransport; recall: Recall },
): Promise<void> {
  const prior = await loadPrior(body, principal.userId, socket?.recall);
  const keep: KeepResponse = async (response, conversation, userId) => storeResponse(await getDb(), userId, response, conversation);
  await runEndpoint(responsesEndpoint(prior, keep, socket?.transport), body, principal, ctx, sink);
}
