import { FlushSchedule } from "../core/flush-schedule";
import { getDb } from "../db";
import { observeRequest } from "../metrics/observe-request";
import { insertRequests } from "./insert-requests";
import { getLogger } from "../logging/logger";
import { atTurnEnd } from "../net/turn-end";
import { getStore } from "../store";
import type { RequestRecord } from "../core/request-record";


/** What GET /generation returns for a finished request. */
export interface Generation {
  id: string;
  model: string;
  provider: string | null;
  upstream_model: string | null;
  stream: boolean;
  status: number;
  error_code: string | null;
  finish_reason: string | null;
  tokens_prompt: number;
  tokens_completion: number;
  tokens_cached: number;
  cost_rub: number;
  latency_ms: number;
  first_token_ms: number | null;
  /** Every upstream attempt (account, model, status, latency, sanitised error) and why the route was chosen. */
  attempts: Omit<RecordedAttempt, "detail">[];
  route_reason: string | null;
  /** What the response cache did: `hit`, `semantic-hit`, `miss`, `bypass` or `refresh`; null when the request was not cacheable. */
  cache: string | null;
  /** On a hit: what the answer would have cost at full price, less `cost_rub`. */
  saved_rub: number;
  /** The app the request came from (`X-Title`, `HTTP-Referer`), as OpenRouter attributes it; null when unnamed. */
  app_title: string | null;
  app_url: string | null;
  created_at: string;
}

const GENERATION_TTL_MS = 60 * 60 * 1000;
const FLUSH_MS = 250;
const MAX_BATCH = 200;
const RETRY_MS = 2_000;

type RecordedAttempt = NonNullable<RequestRecord["attempts"]>[number];

/** Attempts as a caller sees them: without the upstream's full text (admins only). */
export function callerAttempts(attempts: RecordedAttempt[]): Omit<RecordedAttempt, "detail">[] {
  return attempts.map(({ detail: _detail, ...shown }) => shown);
}

export function toGeneration(row: RequestRecord): Generation {
  return {
    id: row.id,
    model: row.model,
    provider: row.provider ?? null,
    upstream_model: row.upstreamModel ?? null,
    stream: row.stream ?? false,
    status: row.status,
    error_code: row.errorCode ?? null,
    finish_reason: row.finishReason ?? null,
    tokens_prompt: row.promptTokens ?? 0,
    tokens_completion: row.completionTokens ?? 0,
    tokens_cached: row.cachedTokens ?? 0,
    cost_rub: (row.costMicro ?? 0) / 1_000_000,
    latency_ms: row.latencyMs,
    first_token_ms: row.firstTokenMs ?? null,
    attempts: callerAttempts(row.attempts ?? []),
    route_reason: row.routeReason ?? null,
    cache: row.cache ?? null,
    saved_rub: (row.savedMicro ?? 0) / 1_000_000,
    app_title: row.appTitle ?? null,
    app_url: row.appUrl ?? null,
    created_at: (row.createdAt ?? new Date()).toISOString(),
  };
}

export function generationKey(requestId: string, userId: string): string {
  return `gen:${userId}:${requestId}`;
}

const queue: RequestRecord[] = [];
/** The generations recorded in this turn of the event loop, written to the store together at its end. */
let generations: RequestRecord[] = [];

/**
 * Records a finished request without waiting for any store: visible to GET /generation through the store once
 * this turn of the event loop ends (before the next request can be read: writes to one store connection keep
 * their order), written to Postgres in batches off the hot path (one INSERT per batch, idempotent on the id).
 */
export function recordRequest(row: RequestRecord): void {
  observeRequest(row);
  queue.push(row);
  rowWrites.queued();
  if (generations.push(row) === 1) atTurnEnd(writeGenerations);
}

/** One store command for the turn's generations. */
function writeGenerations(): void {
  const rows = generations;
  generations = [];
  getStore()
    .setMany(
      rows.map((row) => ({ key: generationKey(row.id, row.userId), value: JSON.stringify(toGeneration(row)) })),
      GENERATION_TTL_MS,
    )
    .catch((err: unknown) => getLogger().warn({ err, count: rows.length }, "could not keep generation records in the store"));
}

/** Writes the rows queued when it starts, one insert at a time; false when an insert failed (its rows wait again). */
async function writeQueued(): Promise<boolean> {
  for (let count = queue.length; count > 0; ) {
    const batch = queue.splice(0, Math.min(MAX_BATCH, count));
    count -= batch.length;
    try {
      await insertRequests(await getDb(), batch);
    } catch (err) {
      getLogger().error({ err, count: batch.length }, "could not write request rows; retrying");
      queue.unshift(...batch);
      return false;
    }
  }
  return true;
}

const rowWrites = new FlushSchedule({
  flush: writeQueued,
  full: () => queue.length >= MAX_BATCH,
  waiting: () => queue.length > 0,
  intervalMs: FLUSH_MS,
  retryMs: () => RETRY_MS,
});

/** Writes every row queued so far (a stop and the tests wait for it). */
export const flushRequests = (): Promise<void> => rowWrites.now();
