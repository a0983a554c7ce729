import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { MAX_AMOUNT_MICRO } from "../../core/format/rub";
import { users } from "../../db/schema";

/** The user's balance and low-balance warning threshold (null: off). */
export async function getBalanceView(
  db: Db,
  userId: string,
): Promise<{ balanceMicro: number; lowBalanceThresholdMicro: number | null } | undefined> {
  const [row] = await db
    .select({ balanceMicro: users.balanceMicro, lowBalanceThresholdMicro: users.lowBalanceThresholdMicro })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/**
 * Sets (or with null turns off) the low-balance e-mail threshold. The "already notified" mark is cleared so
 * the new threshold is judged afresh by the next checkLowBalance.
 */
export async function setLowBalanceThreshold(db: Db, userId: string, thresholdMicro: number | null): Promise<boolean> {
  if (
    thresholdMicro !== null &&
    (!Number.isSafeInteger(thresholdMicro) || thresholdMicro <= 0 || thresholdMicro > MAX_AMOUNT_MICRO)
  )
    throw new RangeError("threshold out of range");
  const updated = await db
    .update(users)
    .set({ lowBalanceThresholdMicro: thresholdMicro, lowBalanceNotifiedAt: null })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return updated.length > 0;
}
