import type { KeyLimit, LimitPeriod, MemberLimit } from "../core/principal";
import type { PlaceAsk, RateCount } from "../store/types";

export interface ReserveInput {
  /** The request id: every later step is keyed by it, so retries and replays act once. */
  id: string;
  userId: string;
  keyId: string;
  amountMicro: number;
  keyLimit?: KeyLimit;
  /** An organization's key: the member whose monthly spend (MEMBER_LIMIT_PERIOD) it counts towards, under their limit. */
  member?: MemberLimit;
}

export type ReserveResult =
  | { ok: true }
  | { ok: false; reason: "balance" | "key_limit" | "member_limit"; availableMicro: number };

/** A reservation with the checks a request passes with it, in this order: the rate count, the hold, the place. */
export interface AdmitInput extends ReserveInput {
  rate?: RateCount;
  place?: PlaceAsk;
}

export interface AdmitResult {
  /** The rate counter with this request, when one was counted. */
  rateCount?: number;
  /** Undefined when the rate count refused the request: nothing was then held. */
  hold?: ReserveResult;
  /** True when the place was taken (only with a granted hold). */
  placeTaken: boolean;
}

/** What a reservation will be charged, recorded on it so that any instance can book it after a crash. */
/**
 * When a mark is safe and when it took effect. `sent`: an answer's last bytes may follow. With Redis that is once
 * the mark is written to the connection, ahead of anything the answer writes: Redis runs a connection's commands in
 * order, and what was written reaches it even if this process dies next, so no round trip is waited for. In memory
 * it is once the journal holds the line. `applied`: the store confirmed it (it may reject: the caller handles that).
 */
export interface MarkReceipt {
  sent: Promise<void>;
  applied: Promise<void>;
}

export interface ChargeMark {
  costMicro: number;
  priceId: number;
  /** The model that answered (the ledger row's note). */
  note: string;
}

/** A reservation whose lease ran out: its instance is gone. */
export interface ExpiredReservation {
  id: string;
  userId: string;
  keyId: string;
  /** The last charge recorded on it: final when the answer completed, else what had been delivered by then. */
  mark?: ChargeMark;
}

/**
 * Holds worst-case costs against balances, key limits and organization members' limits, atomically across
 * instances. The database stays the source of truth: balances, key spend and member spend are cached here from it
 * on first use, and each settled charge is applied here only after its ledger row is committed.
 */
export interface Meter {
  /** Reserves the amount if the balance, the key's limit and the member's limit (an organization's key) allow it. */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /**
   * The rate count, the reservation and the place in one store call (a shared meter): a refused step leaves the
   * later ones untouched. Without it, the caller asks the store and the meter in turn.
   */
  admit?(input: AdmitInput): Promise<AdmitResult>;
  /**
   * Records on the reservation what it is to be charged. The final mark (the answer is complete) also lowers the
   * hold to the cost, freeing the rest before the charge is booked; a progress mark (a stream under way) leaves
   * the hold as it is. With a shared meter the mark outlives this instance: the sweeper books it after a crash.
   */
  mark(id: string, mark: ChargeMark, final: boolean): MarkReceipt;
  /** After the charge is committed: drops the reservation and applies the cost to the cached counters. Once only. */
  settle(id: string, costMicro: number): Promise<boolean>;
  /** Drops a reservation without a charge (failure before the first token). Once only. */
  release(id: string): Promise<boolean>;
  /** Adds a committed credit (top-up, refund, promo) to the cached balance, when the balance is cached. */
  credit(userId: string, amountMicro: number): Promise<void>;
  /** Reservations whose lease ran out (left by a stopped instance), at most a batch of them. */
  expired(now?: number): Promise<ExpiredReservation[]>;
  /** The cached available balance (balance minus reservations), undefined when not cached. */
  available(userId: string): Promise<number | undefined>;
  /** How many reservations are held and how many wait for the sweeper (metrics read it at scrape time). */
  holds(now?: number): Promise<HoldCount>;
}

/** Reservations held: every instance's with a shared meter, this process's in memory. */
export interface HoldCount {
  held: number;
  /** Of those, the ones whose lease ran out (their instance is gone) and that no sweep has ended yet. */
  expired: number;
  /** How long ago the oldest of them ran out (0 when none): past a sweep interval, sweeping is stuck. */
  oldestExpiredMs: number;
}

/**
 * Loads a cache miss from the database: the user's balance, a key's spend in the current period, or an organization
 * member's spend in the current period (the charges of the keys they made in the organization `walletUserId`).
 */
export interface MeterSource {
  balance(userId: string): Promise<number>;
  keySpend(keyId: string, period: LimitPeriod): Promise<number>;
  memberSpend(walletUserId: string, memberUserId: string, period: LimitPeriod): Promise<number>;
}

/**
 * How long an in-process reservation may live before the sweeper drops it (only a request that never ended
 * can leave one: the process's own reservations die with it). Shared reservations are leased instead.
 */
export const IN_PROCESS_RESERVATION_TTL_MS = 10 * 60 * 1000;
