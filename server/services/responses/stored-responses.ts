import { and, eq, gt, inArray } from "drizzle-orm";
import { getConfig } from "../../config";
import { GatewayError } from "../../core/errors";
import type { Db } from "../../db";
import { storedResponses } from "../../db/schema";
import type { ResponseObject } from "../../gateway/responses/response-object";
import type { ConversationItem } from "../../gateway/responses/translate-request";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest creation time still kept: a response past it is gone even before the purge removes its row. */
export const retentionCutoff = (now = Date.now()) => new Date(now - getConfig().XROUTER_RESPONSES_RETENTION_DAYS * DAY_MS);

export interface StoredResponse {
  response: ResponseObject;
  input: ConversationItem[];
}

export const responseNotFound = (id: string) => new GatewayError(404, `response '${id}' not found`, "not_found_error", "response_not_found");

/** OpenAI's code for an unknown `previous_response_id`: clients such as Codex retry with the whole input on it. */
export const previousResponseNotFound = (id: string) =>
  new GatewayError(404, `previous response '${id}' not found`, "not_found_error", "previous_response_not_found", "previous_response_id");

/** The caller's stored responses among `ids` that are still kept (another user's are not found). */
export async function findResponses(db: Db, userId: string, ids: string[]): Promise<Map<string, StoredResponse>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: storedResponses.id, response: storedResponses.response, input: storedResponses.input })
    .from(storedResponses)
    .where(and(inArray(storedResponses.id, ids), eq(storedResponses.userId, userId), gt(storedResponses.createdAt, retentionCutoff())));
  return new Map(rows.map((row) => [row.id, { response: row.response as ResponseObject, input: row.input as ConversationItem[] }]));
}

