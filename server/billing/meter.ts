import type { LimitPeriod } from "./periods";

export interface KeyLimit {
  limitMicro: number;
  period: LimitPeriod;
}

export interface ReserveInput {
  /** The request id: every later step is keyed by it, so retries and replays act once. */
  id: string;
  userId: string;
  keyId: string;
  amountMicro: number;
  keyLimit?: KeyLimit;
}

export type ReserveResult =
  | { ok: true }
  | { ok: false; reason: "balance" | "key_limit"; availableMicro: number };

/**
 * Holds worst-case costs against balances and key limits, atomically across instances. The database stays
 * the source of truth: balances and key spend are cached here from it on first use, and each settled
 * charge is applied here only after its ledger row is committed.
 */
export interface Meter {
  /** Reserves the amount if both the balance and the key's limit allow it. */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /** Lowers a reservation to the actual cost once it is known, freeing the rest before the charge is booked. */
  shrink(id: string, amountMicro: number): Promise<void>;
  /** After the charge is committed: drops the reservation and applies the cost to the cached counters. Once only. */
  settle(id: string, costMicro: number): Promise<boolean>;
  /** Drops a reservation without a charge (failure before the first token). Once only. */
  release(id: string): Promise<boolean>;
  /** Adds a committed credit (top-up, refund, promo) to the cached balance, when the balance is cached. */
  credit(userId: string, amountMicro: number): Promise<void>;
  /** Reservations older than their time to live (left by a crashed instance). */
  expired(now?: number): Promise<string[]>;
  /** The cached available balance (balance minus reservations), undefined when not cached. */
  available(userId: string): Promise<number | undefined>;
}

/** Loads a cache miss from the database: the user's balance or a key's spend in the current period. */
export interface MeterSource {
  balance(userId: string): Promise<number>;
  keySpend(keyId: string, period: LimitPeriod): Promise<number>;
}

/** How long a reservation may live before the sweeper treats its instance as gone. */
export const RESERVATION_TTL_MS = 10 * 60 * 1000;
