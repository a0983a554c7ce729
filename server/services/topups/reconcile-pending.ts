import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { topups } from "../../db/schema";
import { YooKassaError } from "../../payments/yookassa/client";
import type { YooKassaPayment } from "../../payments/yookassa/types";
import { applyPayment } from "./apply-payment";
import { logOf, type TopupDeps, type TopupRow } from "./deps";

export interface ReconcileOptions {
  /** Pending top-ups older than this are re-checked with GET /payments/{id} (lost webhooks). Default 10. */
  olderThanMinutes?: number;
  /**
   * Top-ups still `new` this long after creation (the create call failed or crashed before its answer was stored)
   * are looked up in GET /payments and matched on metadata.topup_id (§8.1 step 3); not found → canceled
   * locally with reason "not_created" (nobody can have paid: the payer never got a confirmation URL). Default 60.
   */
  staleNewAfterMinutes?: number;
  /**
   * A top-up YooKassa still calls pending this long after creation is canceled locally with reason "expired": an
   * unconfirmed payment expires at YooKassa within about an hour (payments-yookassa.md §3), and the demo emulator
   * never expires one. Should YooKassa report it succeeded after all, it is still credited (credit needs only
   * "not yet credited"). Default 24 h.
   */
  expirePendingAfterMinutes?: number;
  /** At most this many top-ups per run. Default 100. */
  limit?: number;
}

export interface ReconcileReport {
  checked: number;
  credited: number;
  canceled: number;
  expired: number;
  failed: number;
}

/** The sweeper: settles top-ups whose webhook never came. Run every few minutes; safe to run concurrently. */
export async function reconcilePending(deps: TopupDeps, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const log = logOf(deps);
  const limit = options.limit ?? 100;
  const report: ReconcileReport = { checked: 0, credited: 0, canceled: 0, expired: 0, failed: 0 };
  const expireBefore = Date.now() - (options.expirePendingAfterMinutes ?? 24 * 60) * 60_000;
  const count = (result: string) => {
    if (result === "credited") report.credited++;
    if (result === "canceled") report.canceled++;
  };

  const pending = await deps.db
    .select()
    .from(topups)
    .where(
      and(
        eq(topups.status, "pending"),
        lt(topups.createdAt, sql`now() - make_interval(mins => ${options.olderThanMinutes ?? 10})`),
      ),
    )
    .limit(limit);
  for (const topup of pending) {
    report.checked++;
    try {
      const { result } = await applyPayment(deps, await deps.payments.getPayment(topup.paymentId!));
      count(result);
      if (result === "pending" && topup.createdAt.getTime() < expireBefore) {
        const changed = await deps.db
          .update(topups)
          .set({ status: "canceled", cancellationReason: "expired", updatedAt: sql`now()` })
          .where(and(eq(topups.id, topup.id), eq(topups.status, "pending")))
          .returning({ id: topups.id });
        if (changed.length) report.expired++;
      }
    } catch (err) {
      report.failed++;
      log.warn(
        { topupId: topup.id, err: err instanceof Error ? err.message : String(err) },
        "yookassa: reconcile failed",
      );
    }
  }

  const stale = await deps.db
    .select()
    .from(topups)
    .where(
      and(
        eq(topups.status, "new"),
        isNull(topups.paymentId),
        lt(topups.createdAt, sql`now() - make_interval(mins => ${options.staleNewAfterMinutes ?? 60})`),
      ),
    )
    .limit(limit);
  for (const topup of stale) {
    report.checked++;
    try {
      const payment = await findPaymentOf(deps, topup);
      if (payment) {
        await deps.db
          .update(topups)
          .set({ paymentId: payment.id, status: "pending", test: payment.test, updatedAt: sql`now()` })
          .where(and(eq(topups.id, topup.id), eq(topups.status, "new")));
        count((await applyPayment(deps, payment)).result);
      } else {
        const changed = await deps.db
          .update(topups)
          .set({ status: "canceled", cancellationReason: "not_created", updatedAt: sql`now()` })
          .where(and(eq(topups.id, topup.id), eq(topups.status, "new")))
          .returning({ id: topups.id });
        if (changed.length) report.canceled++;
      }
    } catch (err) {
      report.failed++;
      log.warn(
        { topupId: topup.id, err: err instanceof Error ? err.message : String(err) },
        "yookassa: reconcile of a new top-up failed",
      );
    }
  }
  return report;
}

/** Pages through GET /payments created around the top-up (YooKassa cannot filter by metadata, §4.1). */
async function findPaymentOf(deps: TopupDeps, topup: TopupRow): Promise<YooKassaPayment | undefined> {
  const margin = 10 * 60 * 1000; // clock skew between us and YooKassa
  const gte = new Date(topup.createdAt.getTime() - margin).toISOString();
  const lte = new Date(topup.createdAt.getTime() + 24 * 60 * 60 * 1000 + margin).toISOString();
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const list = await deps.payments.listPayments({ "created_at.gte": gte, "created_at.lte": lte, limit: 100, cursor });
    const match = list.items.find((p) => p.metadata?.topup_id === topup.id);
    if (match) return match;
    if (!list.next_cursor) return undefined;
    cursor = list.next_cursor;
  }
  throw new YooKassaError(`too many payments to search for top-up ${topup.id}`, true);
}
