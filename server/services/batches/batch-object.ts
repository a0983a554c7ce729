import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { queryRows } from "../../db/rows";
import type { batches } from "../../db/schema";
import { BATCH_ENDPOINT } from "./input-file";

type BatchRow = typeof batches.$inferSelect;

export interface RequestCounts {
  total: number;
  completed: number;
  failed: number;
}

const seconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

/** Each batch's items by outcome: succeeded ones count as completed, failed and cancelled ones as failed. */
export async function requestCounts(db: Db, ids: string[]): Promise<Map<string, RequestCounts>> {
  const counts = new Map<string, RequestCounts>(ids.map((id) => [id, { total: 0, completed: 0, failed: 0 }]));
  if (ids.length === 0) return counts;
  const rows = await queryRows<{ batch_id: string; total: string; completed: string; failed: string }>(
    db,
    sql`select batch_id, count(*) as total, count(*) filter (where status = 'succeeded') as completed,
      count(*) filter (where status in ('failed', 'cancelled')) as failed
    from batch_items where batch_id = any(${sql.param(ids)}::text[]) group by batch_id`,
  );
  for (const r of rows)
    counts.set(r.batch_id, { total: Number(r.total), completed: Number(r.completed), failed: Number(r.failed) });
  return counts;
}

/** OpenAI's batch object, with `model` (the one model its lines run). */
export function batchObject(row: BatchRow, counts: RequestCounts) {
  return {
    id: row.id,
    object: "batch" as const,
    endpoint: BATCH_ENDPOINT,
    model: row.model,
    errors: null,
    input_file_id: row.inputFileId,
    completion_window: "24h",
    status: row.status,
    output_file_id: row.outputFileId,
    error_file_id: row.errorFileId,
    created_at: seconds(row.createdAt),
    in_progress_at: seconds(row.inProgressAt),
    expires_at: seconds(row.expiresAt),
    finalizing_at: seconds(row.finalizingAt),
    completed_at: seconds(row.completedAt),
    failed_at: null,
    expired_at: seconds(row.expiredAt),
    cancelling_at: seconds(row.cancellingAt),
    cancelled_at: seconds(row.cancelledAt),
    request_counts: counts,
    metadata: row.metadata ?? null,
  };
}
