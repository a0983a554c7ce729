import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { topups, users } from "../../db/schema";
import { YooKassaError } from "../../payments/yookassa/client";
import { applyPayment } from "./apply-payment";
import { logOf, type TopupDeps, toView, type TopupView } from "./deps";

export type TopupStatusView = TopupView & { balanceMicro: number };

/** The user's own top-up and balance as stored (no call to YooKassa); undefined for another user's or an unknown id. */
export async function readTopup(db: Db, userId: string, topupId: string): Promise<TopupStatusView | undefined> {
  const [row] = await db
    .select()
    .from(topups)
    .where(and(eq(topups.id, topupId), eq(topups.userId, userId)));
  if (!row) return undefined;
  const [user] = await db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
  return { ...toView(row), balanceMicro: user?.balance ?? 0 };
}

/**
 * For the return page: the user's own top-up, refreshed from GET /payments/{id} while it is pending (the payer
 * can land there before the webhook; `return_url` itself proves nothing, §8.2). Another user's top-up, or an
 * unknown id, is undefined. An unreachable YooKassa leaves the status as stored ("processing").
 */
export async function refreshTopup(
  deps: TopupDeps,
  input: { userId: string; topupId: string },
): Promise<TopupStatusView | undefined> {
  const before = await readTopup(deps.db, input.userId, input.topupId);
  if (!before || before.status !== "pending") return before;
  const [row] = await deps.db.select({ paymentId: topups.paymentId }).from(topups).where(eq(topups.id, before.id));
  if (!row?.paymentId) return before;
  try {
    await applyPayment(deps, await deps.payments.getPayment(row.paymentId));
  } catch (err) {
    if (!(err instanceof YooKassaError)) throw err;
    logOf(deps).warn({ topupId: before.id, err: err.message }, "yookassa: refresh failed, showing the stored status");
    return before;
  }
  return readTopup(deps.db, input.userId, input.topupId);
}
