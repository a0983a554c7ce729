import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { reserveWorstCase, worstCaseChat } from "../../billing/hold";
import type { TokenUsage } from "../../billing/cost";
import { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { getDb, type Db } from "../../db";
import { batches, batchItems } from "../../db/schema";
import { validate } from "../../gateway/validate";
import { newTimeOrderedId, randomBase62 } from "../../ids";
import { atAsyncPrice } from "./async-price";
import { batchObject, requestCounts } from "./batch-object";
import { ownFile } from "./files";
import { BATCH_ENDPOINT, checkBatchInput } from "./input-file";

const COMPLETION_WINDOW_MS = 24 * 3_600_000;

const createSchema = z.object({
  input_file_id: z.string().min(1),
  endpoint: z.literal(BATCH_ENDPOINT, { message: `only ${BATCH_ENDPOINT} is served in batches` }),
  completion_window: z.literal("24h", { message: "only '24h' is supported" }),
  metadata: z.record(z.string(), z.string().max(512)).nullable().optional(),
});

const batchNotFound = (id: string) =>
  new GatewayError(404, `No batch found with id '${id}'`, "invalid_request_error", "batch_not_found", "batch_id");

async function ownBatch(id: string, principal: Principal) {
  const [row] = await (
    await getDb()
  )
    .select()
    .from(batches)
    .where(and(eq(batches.id, id), eq(batches.userId, principal.userId)));
  if (!row) throw batchNotFound(id);
  return row;
}

async function describe(row: typeof batches.$inferSelect) {
  const counts = await requestCounts(await getDb(), [row.id]);
  return batchObject(row, counts.get(row.id)!);
}

/** Sum of the lines' worst cases: one usage, as every line runs the same model. */
function totalWorstCase(
  bodies: Parameters<typeof worstCaseChat>[0][],
  model: Parameters<typeof worstCaseChat>[1],
): TokenUsage {
  return bodies.reduce<TokenUsage>(
    (sum, body) => {
      const worst = worstCaseChat(body, model);
      return {
        prompt_tokens: sum.prompt_tokens + worst.prompt_tokens,
        completion_tokens: sum.completion_tokens + worst.completion_tokens,
      };
    },
    { prompt_tokens: 0, completion_tokens: 0 },
  );
}

/**
 * POST /batches. The input file is checked again (the catalog may have changed since the upload), and the whole
 * batch's worst case at the async price must fit the balance and the key's limit now (402 otherwise): the check is
 * a hold through the billing's reservation, released at once. Each line then holds its own worst case when the
 * worker submits it and is charged what it used (docs/api/batches.md, "Money").
 */
export async function createBatch(body: unknown, principal: Principal, requestId: string) {
  const input = validate(createSchema, body);
  const file = await ownFile(input.input_file_id, principal);
  if (file.purpose !== "batch")
    throw new GatewayError(
      400,
      `file ${file.id} is not a batch input file`,
      "invalid_request_error",
      "invalid_file",
      "input_file_id",
    );
  const { model, lines } = await checkBatchInput(file.content, principal);
  const asyncModel = atAsyncPrice(model);
  const hold = await reserveWorstCase(requestId, principal, [asyncModel], (m) =>
    totalWorstCase(
      lines.map((l) => l.body),
      m,
    ),
  );
  hold.release();

  const now = new Date();
  const id = `batch_${randomBase62(24)}`;
  const db = await getDb();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(batches)
      .values({
        id,
        userId: principal.userId,
        keyId: principal.keyId,
        inputFileId: file.id,
        model: model.id,
        status: "in_progress",
        metadata: input.metadata ?? null,
        createdAt: now,
        inProgressAt: now,
        expiresAt: new Date(now.getTime() + COMPLETION_WINDOW_MS),
      })
      .returning();
    await tx
      .insert(batchItems)
      .values(
        lines.map((l) => ({
          id: newTimeOrderedId("req"),
          batchId: id,
          line: l.line,
          customId: l.customId,
          body: l.body,
        })),
      );
    return created!;
  });
  return describe(row);
}

export async function getBatch(id: string, principal: Principal) {
  return describe(await ownBatch(id, principal));
}

/** GET /batches: newest first, `after` a batch id and `limit` (1-100, default 20), as OpenAI pages them. */
export async function listBatches(query: URLSearchParams, principal: Principal) {
  const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 20) || 20));
  const after = query.get("after");
  const db = await getDb();
  const cursor = after ? (await ownBatch(after, principal)).createdAt : undefined;
  const rows = await db
    .select()
    .from(batches)
    .where(and(eq(batches.userId, principal.userId), cursor ? lt(batches.createdAt, cursor) : undefined))
    .orderBy(desc(batches.createdAt), desc(batches.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const counts = await requestCounts(
    db,
    page.map((r) => r.id),
  );
  const data = page.map((r) => batchObject(r, counts.get(r.id)!));
  return {
    object: "list" as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: rows.length > limit,
  };
}

/**
 * POST /batches/{id}/cancel: lines not yet submitted are cancelled (never held nor charged); those already running
 * finish and are charged, then the worker finalizes the batch as `cancelled` with the results it has.
 */
export async function cancelBatch(id: string, principal: Principal) {
  const row = await ownBatch(id, principal);
  if (row.status === "cancelling" || row.status === "cancelled") return describe(row);
  if (row.status !== "in_progress" && row.status !== "validating") {
    throw new GatewayError(
      409,
      `Cannot cancel a batch with status '${row.status}'`,
      "invalid_request_error",
      "batch_not_cancellable",
    );
  }
  const updated = await stopBatch(await getDb(), id);
  return describe(updated ?? (await ownBatch(id, principal)));
}

/** Cancels the batch's lines not yet submitted and marks it cancelling; undefined when it was no longer open. */
async function stopBatch(db: Db, id: string) {
  return db.transaction(async (tx) => {
    await tx
      .update(batchItems)
      .set({
        status: "cancelled",
        finishedAt: new Date(),
        response: {
          status_code: 499,
          code: "batch_cancelled",
          message: "the batch was cancelled before this request ran",
        },
      })
      .where(and(eq(batchItems.batchId, id), eq(batchItems.status, "pending")));
    const [changed] = await tx
      .update(batches)
      .set({ status: "cancelling", cancellingAt: new Date() })
      .where(and(eq(batches.id, id), inArray(batches.status, ["in_progress", "validating"])))
      .returning();
    return changed;
  });
}

/** Cancels the open batches of these keys, as their owner's cancel would (keys disabled when their maker left). */
export async function cancelKeyBatches(db: Db, keyIds: string[]): Promise<number> {
  if (keyIds.length === 0) return 0;
  const open = await db
    .select({ id: batches.id })
    .from(batches)
    .where(and(inArray(batches.keyId, keyIds), inArray(batches.status, ["in_progress", "validating"])));
  for (const batch of open) await stopBatch(db, batch.id);
  return open.length;
}
