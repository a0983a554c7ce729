import { bookCredit, type LedgerTx } from "../../billing/ledger";

/**
 * A top-up's credit inside the caller's transaction (billing's ledger writer, kind `topup`, reference = the
 * YooKassa payment id): a payment already booked books nothing.
 */
export function bookTopupCredit(
  tx: LedgerTx,
  input: { userId: string; amountMicro: number; reference: string; note?: string },
): Promise<{ booked: boolean; balanceMicro: number }> {
  return bookCredit(tx, { ...input, kind: "topup" });
}
