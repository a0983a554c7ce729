import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { getConfig } from "../../config";
import { GatewayError } from "../../core/errors";
import type { Db } from "../../db";
import { queryRows } from "../../db/rows";
import { storedResponses } from "../../db/schema";
import type { ResponseObject } from "../../gateway/responses/response-object";
import type { ConversationItem } from "../../gateway/responses/translate-request";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest creation time still kept: a response past it is gone even before the purge removes its row. */
export const retentionCutoff = (now = Date.now()) => new Date(now - getConfig().XROUTER_RESPONSES_RETENTION_DAYS * DAY_MS);

/** The most rows one conversation is read from: a response continuing a chain this long is stored whole instead. */
export const MAX_CHAIN_LINKS = 1_000;

export interface StoredResponse {
  response: ResponseObject;
}

export const responseNotFound = (id: string) => new GatewayError(404, `response '${id}' not found`, "not_found_error", "response_not_found");

/** OpenAI's code for an unknown `previous_response_id`: clients such as Codex retry with the whole input on it. */
export const previousResponseNotFound = (id: string) =>
  new GatewayError(404, `previous response '${id}' not found`, "not_found_error", "previous_response_not_found", "previous_response_id");

/** The caller's stored responses among `ids` that are still kept (another user's are not found). */
export async function findResponses(db: Db, userId: string, ids: string[]): Promise<Map<string, StoredResponse>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: storedResponses.id, response: storedResponses.response })
    .from(storedResponses)
    .where(and(inArray(storedResponses.id, ids), eq(storedResponses.userId, userId), gt(storedResponses.createdAt, retentionCutoff())));
  return new Map(rows.map((row) => [row.id, { response: row.response as ResponseObject }]));
}

/**
 * The whole conversation of one of the caller's stored responses (every input and output up to and including its
 * answer), rebuilt in one query by walking its chain back to the row that holds a whole conversation. Undefined
 * when any link is missing: deleted, expired, purged or another user's.
 */
export async function findConversation(db: Db, userId: string, id: string): Promise<ConversationItem[] | undefined> {
  const cutoff = retentionCutoff();
  const links = await queryRows<{ previous_id: string | null; input: ConversationItem[]; output: ConversationItem[] }>(
    db,
    sql`
      WITH RECURSIVE chain AS (
        SELECT id, previous_id, input, response -> 'output' AS output, 1 AS n
        FROM stored_responses
        WHERE id = ${id} AND user_id = ${userId} AND created_at > ${cutoff}
        UNION ALL
        SELECT s.id, s.previous_id, s.input, s.response -> 'output', chain.n + 1
        FROM stored_responses s JOIN chain ON s.id = chain.previous_id
        WHERE s.user_id = ${userId} AND s.created_at > ${cutoff} AND chain.n < ${MAX_CHAIN_LINKS}
      )
      SELECT previous_id, input, output FROM chain ORDER BY n DESC`,
  );
  if (links.length === 0 || links[0]!.previous_id !== null) return undefined;
  return links.flatMap((link) => [...link.input, ...link.output]);
}

