import type { Principal } from "../../core/principal";
import { getDb } from "../../db";
import type { RequestContext } from "../../gateway/pipeline/context";
import { runEndpoint } from "../../gateway/pipeline/run-endpoint";
import { responsesEndpoint, type ResponsesTransport } from "../../gateway/responses/endpoint";
import { responseIdOfItem } from "../../gateway/responses/response-object";
import type { ConversationItem, Prior } from "../../gateway/responses/translate-request";
import type { ResponseSink } from "../../gateway/sink";
import { findResponses, previousResponseNotFound } from "./stored-responses";
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
 * What the request continues from, read in one query and only when it refers to stored responses: the previous
 * response's conversation (404 naming `previous_response_id` when it is unknown, another user's, deleted or
 * expired) and the items `item_reference` inputs name.
 */
async function loadPrior(body: unknown, userId: string, recall?: Recall): Promise<Prior> {
  const { previous, items } = referencesOf(body);
  const recalled = previous ? recall?.(previous) : undefined;
  const ids = new Set(items.map(responseIdOfItem).filter((id) => id !== undefined));
  if (previous && !recalled) ids.add(previous);
  if (ids.size === 0) return recalled ? { previous: recalled } : {};
  const found = await findResponses(await getDb(), userId, [...ids]);
  const prior: Prior = { references: new Map(), previous: recalled };
  if (previous && !recalled) {
    const stored = found.get(previous);
    if (!stored) throw previousResponseNotFound(previous);
    prior.previous = [...stored.input, ...(stored.response.output as ConversationItem[])];
  }
  for (const stored of found.values()) for (const item of stored.response.output) prior.references!.set(item.id, item as ConversationItem);
  return prior;
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
  const keep = async (response: Parameters<typeof storeResponse>[2], input: ConversationItem[], userId: string) =>
    storeResponse(await getDb(), userId, response, input);
  await runEndpoint(responsesEndpoint(prior, keep, socket?.transport), body, principal, ctx, sink);
}
