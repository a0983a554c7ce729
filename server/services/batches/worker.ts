import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { CatalogModel } from "../../core/catalog";
import { getCatalog } from "../../core/catalog";
import { GatewayError, toGatewayError } from "../../core/errors";
import { keyRefusal, type Principal } from "../../core/principal";
import type { Db } from "../../db";
import { selectKeyWithMember } from "../../db/key-with-member";
import { apiFiles, apiKeys, batches, batchItems } from "../../db/schema";
import { recordRequest } from "../../gateway/recorder";
import { getLogger } from "../../logging/logger";
import type { ChatCompletion, ChatRequest } from "../../providers/openai";
import { getAccounts } from "../../routing/accounts";
import { atAsyncPrice } from "./async-price";
import { asyncRoutes } from "./async-accounts";
import { newFileId } from "./files";
import { chargeItem, holdItem, releaseItem } from "./item-money";

/** Lines in flight at once, all batches together. */
export const MAX_RUNNING_ITEMS = 100;
/** Submitted per run: Yandex's async quota is 10 requests a second (the default run is every 5 s). */
const SUBMITS_PER_RUN = 10;
/** A line claimed for submission whose operation id was never saved (its process died mid-call). */
const LOST_SUBMIT_MS = 10 * 60_000;
const CALL_TIMEOUT_MS = 30_000;

type ItemRow = typeof batchItems.$inferSelect;
type BatchRow = typeof batches.$inferSelect;

interface Failure {
  status_code: number;
  code: string;
  type: string;
  message: string;
}

const failureOf = (err: unknown): Failure => {
  const error = toGatewayError(err, "yandex");
  return { status_code: error.status, code: error.code ?? error.type, type: error.type, message: error.message };
};

/**
 * The caller a batch's lines run as, read fresh from its key (a limit changed since the batch began applies), and
 * why its key may no longer start lines (revoked, disabled, expired, owner disabled, maker no longer a member): the
 * gateway's 401 for the same key.
 */
export async function batchPrincipal(
  db: Db,
  batch: Pick<BatchRow, "userId" | "keyId">,
): Promise<{ principal: Principal; refused?: Failure }> {
  const [row] = await selectKeyWithMember(db).where(eq(apiKeys.id, batch.keyId));
  const principal: Principal = { userId: batch.userId, keyId: batch.keyId, rpm: null, allowedModels: null };
  const reason = keyRefusal(row);
  const refused = reason ? failureOf(new GatewayError(401, reason, "authentication_error", "invalid_api_key")) : undefined;
  if (!row) return { principal, refused };
  const { key } = row;
  if (key.limitMicro != null && key.limitPeriod) principal.keyLimit = { limitMicro: key.limitMicro, period: key.limitPeriod };
  // An organization's batch counts towards the monthly limit of the member who made its key, as its requests would.
  if (key.createdByUserId) principal.member = { userId: key.createdByUserId, limitMicro: row.memberLimitMicro };
  return { principal, refused };
}

/** The request as the provider gets it: XRouter's routing fields left out, the upstream model's name. */
function upstreamBody(body: ChatRequest, upstreamModel: string): ChatRequest {
  const { models: _models, provider: _provider, ...rest } = body;
  return { ...rest, model: upstreamModel };
}

function record(
  item: ItemRow,
  batch: BatchRow,
  model: CatalogModel,
  provider: string | undefined,
  upstreamModel: string | null,
  outcome: { status: number; errorCode?: string; completion?: ChatCompletion; costMicro: number },
) {
  recordRequest({
    id: item.id,
    userId: batch.userId,
    keyId: batch.keyId,
    endpoint: "batch.chat.completions",
    model: model.id,
    provider,
    upstreamModel,
    priceId: model.price.id,
    stream: false,
    status: outcome.status,
    errorCode: outcome.errorCode,
    finishReason: outcome.completion?.choices[0]?.finish_reason ?? null,
    promptTokens: outcome.completion?.usage?.prompt_tokens ?? 0,
    completionTokens: outcome.completion?.usage?.completion_tokens ?? 0,
    costMicro: outcome.costMicro,
    latencyMs: Date.now() - (item.submittedAt ?? new Date()).getTime(),
    routeReason: "batch (async)",
    createdAt: item.submittedAt ?? new Date(),
  });
}

/** Ends a line once: the status moves from running exactly one time, so the money and the record follow once. */
async function finish(db: Db, item: ItemRow, values: Partial<ItemRow>): Promise<boolean> {
  const [done] = await db
    .update(batchItems)
    .set({ ...values, finishedAt: new Date() })
    .where(and(eq(batchItems.id, item.id), eq(batchItems.status, "running")))
    .returning({ id: batchItems.id });
  return done !== undefined;
}

async function pollRunning(
  db: Db,
  batchesById: Map<string, BatchRow>,
  catalog: Map<string, CatalogModel>,
): Promise<void> {
  const running = await db.select().from(batchItems).where(eq(batchItems.status, "running")).limit(MAX_RUNNING_ITEMS);
  if (running.length === 0) return;
  const accounts = new Map((await getAccounts()).map((a) => [a.id, a]));
  for (const item of running) {
    const batch =
      batchesById.get(item.batchId) ?? (await db.select().from(batches).where(eq(batches.id, item.batchId)))[0]!;
    const model = catalog.get(batch.model);
    const account = item.accountId ? accounts.get(item.accountId) : undefined;
    const lost = !item.operationId && Date.now() - (item.submittedAt?.getTime() ?? 0) > LOST_SUBMIT_MS;
    if (!item.operationId && !lost) continue;
    if (!model || !account?.adapter.chatAsync || lost) {
      const failure = {
        status_code: 502,
        code: "upstream_unavailable",
        type: "api_error",
        message: "the line's provider account or model is no longer available",
      };
      if (await finish(db, item, { status: "failed", response: failure })) releaseItem(item.id);
      continue;
    }
    const upstreamModel = (item.body as ChatRequest).model;
    let outcome;
    try {
      outcome = await account.adapter.chatAsync.poll(item.operationId!, upstreamModel, {
        requestId: item.id,
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (err) {
      getLogger().warn({ err, item: item.id }, "could not poll a batch line's operation; trying again next run");
      continue;
    }
    if (!outcome.done) continue;
    if ("error" in outcome) {
      const failure = {
        status_code: outcome.error.status,
        code: "upstream_error",
        type: "api_error",
        message: outcome.error.message,
      };
      if (await finish(db, item, { status: "failed", response: failure })) {
        releaseItem(item.id);
        record(item, batch, model, account.provider, upstreamModel, {
          status: failure.status_code,
          errorCode: failure.code,
          costMicro: 0,
        });
      }
      continue;
    }
    const completion: ChatCompletion = { ...outcome.completion, id: `chatcmpl-${item.id.slice(4)}`, model: model.id };
    const usage = completion.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    const asyncModel = atAsyncPrice(model);
    // The status moves first: a run that loses the race charges nothing; the charge's reference keeps it once anyway.
    if (!(await finish(db, item, { status: "succeeded", response: completion }))) continue;
    // A line that already ran is charged even if its key was disabled meanwhile: the provider did the work.
    const cost = chargeItem(item.id, (await batchPrincipal(db, batch)).principal, usage, asyncModel);
    await db.update(batchItems).set({ costMicro: cost }).where(eq(batchItems.id, item.id));
    record(item, batch, model, account.provider, upstreamModel, { status: 200, completion, costMicro: cost });
  }
}

async function submitPending(db: Db, open: BatchRow[], catalog: Map<string, CatalogModel>): Promise<void> {
  const [{ count } = { count: 0 }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(batchItems)
    .where(eq(batchItems.status, "running"));
  let room = Math.min(SUBMITS_PER_RUN, MAX_RUNNING_ITEMS - count);
  for (const batch of open.filter((b) => b.status === "in_progress")) {
    if (room <= 0) return;
    const model = catalog.get(batch.model);
    const routes = model ? await asyncRoutes(model) : [];
    const pending = await db
      .select()
      .from(batchItems)
      .where(and(eq(batchItems.batchId, batch.id), eq(batchItems.status, "pending")))
      .orderBy(asc(batchItems.line))
      .limit(room);
    const { principal, refused } = await batchPrincipal(db, batch);
    if (refused) {
      // Its key stopped working: the lines not yet started fail as the gateway would answer them.
      await db
        .update(batchItems)
        .set({ status: "failed", finishedAt: new Date(), response: refused })
        .where(and(eq(batchItems.batchId, batch.id), eq(batchItems.status, "pending")));
      continue;
    }
    for (const item of pending) {
      // Claimed first: two workers (a lease handed over mid-run) never submit one line twice.
      const [claimed] = await db
        .update(batchItems)
        .set({ status: "running", submittedAt: new Date() })
        .where(and(eq(batchItems.id, item.id), eq(batchItems.status, "pending")))
        .returning();
      if (!claimed) continue;
      room--;
      const route = routes[0];
      if (!model || !route) {
        await finish(db, claimed, {
          status: "failed",
          response: {
            status_code: 503,
            code: "no_async_route",
            type: "api_error",
            message: `no account serves '${batch.model}' in async mode now`,
          },
        });
        continue;
      }
      const body = upstreamBody(item.body as ChatRequest, route.upstreamModel);
      try {
        await holdItem(item.id, principal, body, atAsyncPrice(model));
      } catch (err) {
        await finish(db, claimed, { status: "failed", response: failureOf(err) });
        continue;
      }
      try {
        const operationId = await route.account.adapter.chatAsync!.submit(body, {
          requestId: item.id,
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
        await db
          .update(batchItems)
          .set({ operationId, accountId: route.account.id, body })
          .where(eq(batchItems.id, item.id));
      } catch (err) {
        const failure = failureOf(err);
        if (await finish(db, claimed, { status: "failed", response: failure })) {
          releaseItem(item.id);
          record(claimed, batch, model, route.account.provider, route.upstreamModel, {
            status: failure.status_code,
            errorCode: failure.code,
            costMicro: 0,
          });
        }
      }
    }
  }
}

function outputLine(item: ItemRow): string {
  if (item.status === "succeeded") {
    return JSON.stringify({
      id: `batch_${item.id}`,
      custom_id: item.customId,
      response: { status_code: 200, request_id: item.id, body: item.response },
      error: null,
    });
  }
  const failure = item.response as Failure | null;
  if (item.status === "cancelled" || failure?.code === "batch_expired") {
    return JSON.stringify({
      id: `batch_${item.id}`,
      custom_id: item.customId,
      response: null,
      error: { code: failure?.code ?? "batch_cancelled", message: failure?.message ?? "" },
    });
  }
  const body = {
    error: { message: failure?.message ?? "failed", type: failure?.type ?? "api_error", code: failure?.code ?? null },
  };
  return JSON.stringify({
    id: `batch_${item.id}`,
    custom_id: item.customId,
    response: { status_code: failure?.status_code ?? 500, request_id: item.id, body },
    error: null,
  });
}

/** A batch with no line pending or running: its output and error files, and its last status. */
async function finalize(db: Db, batch: BatchRow, now: Date): Promise<void> {
  const items = await db
    .select()
    .from(batchItems)
    .where(eq(batchItems.batchId, batch.id))
    .orderBy(asc(batchItems.line));
  if (items.some((i) => i.status === "pending" || i.status === "running")) return;
  const file = async (lines: string[], kind: "output" | "error") => {
    if (lines.length === 0) return null;
    const content = `${lines.join("\n")}\n`;
    const id = newFileId();
    const name = `${batch.id}_${kind}.jsonl`;
    await db
      .insert(apiFiles)
      .values({
        id,
        userId: batch.userId,
        purpose: "batch_output",
        filename: name,
        bytes: Buffer.byteLength(content),
        content,
      });
    return id;
  };
  const succeeded = items.filter((i) => i.status === "succeeded").map(outputLine);
  const failed = items.filter((i) => i.status !== "succeeded").map(outputLine);
  const status = batch.status === "cancelling" ? "cancelled" : now >= batch.expiresAt ? "expired" : "completed";
  const [claimed] = await db
    .update(batches)
    .set({ status: "finalizing", finalizingAt: now })
    .where(and(eq(batches.id, batch.id), eq(batches.status, batch.status)))
    .returning();
  if (!claimed) return;
  const [outputFileId, errorFileId] = [await file(succeeded, "output"), await file(failed, "error")];
  const ended = { completed: { completedAt: now }, cancelled: { cancelledAt: now }, expired: { expiredAt: now } }[
    status
  ];
  await db
    .update(batches)
    .set({ status, outputFileId, errorFileId, ...ended })
    .where(eq(batches.id, batch.id));
}

/**
 * One run of the batch worker (a background job on the jobs' lease holder, every XROUTER_BATCH_POLL_MS): lines of
 * batches past their 24 h window that never ran expire; running lines' operations are polled (and charged or
 * released as they end); pending lines are submitted within the concurrency cap; batches with nothing left are
 * finalized. Every step moves a row's status with a conditional update, so overlapping runs act once.
 */
export async function runBatchWorker(db: Db, now = new Date()): Promise<void> {
  await db
    .update(batchItems)
    .set({
      status: "failed",
      finishedAt: now,
      response: {
        status_code: 408,
        code: "batch_expired",
        type: "api_error",
        message: "the batch's 24h window ended before this request ran",
      },
    })
    .where(
      and(
        eq(batchItems.status, "pending"),
        inArray(
          batchItems.batchId,
          db
            .select({ id: batches.id })
            .from(batches)
            .where(and(eq(batches.status, "in_progress"), lt(batches.expiresAt, now))),
        ),
      ),
    );
  const open = await db
    .select()
    .from(batches)
    .where(inArray(batches.status, ["in_progress", "cancelling"]))
    .orderBy(asc(batches.createdAt));
  if (
    open.length === 0 &&
    (await db.select({ id: batchItems.id }).from(batchItems).where(eq(batchItems.status, "running")).limit(1))
      .length === 0
  )
    return;
  const catalog = await getCatalog();
  await pollRunning(db, new Map(open.map((b) => [b.id, b])), catalog);
  await submitPending(db, open, catalog);
  for (const batch of open) await finalize(db, batch, now);
}
