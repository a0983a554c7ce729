import { getLogger } from "../logging/logger";
import type { ChargeJournal } from "./journal";
import { IN_PROCESS_RESERVATION_TTL_MS, type ChargeMark, type ExpiredReservation, type HoldCount, type MarkReceipt, type Meter, type MeterSource, type ReserveInput, type ReserveResult } from "./meter";
import { MEMBER_LIMIT_PERIOD, periodId } from "./periods";

/**
 * How stale a cached balance or key spend may get before a reservation re-reads it from the database, in the
 * background. Only credits booked by another process (`npx xrouter credits add`) need it: everything this
 * process books reaches the cache at once, through settle() and credit().
 */
export const MEMORY_METER_REFRESH_MS = 5_000;

interface Held {
  amount: number;
  userId: string;
  keyId: string;
  /** The period the key's spend was counted against (periodId), undefined when the key had no limit. */
  period: string | undefined;
  /** An organization's key: the member's spend it counts towards (memberKey) and that spend's period. */
  member: { key: string; period: string } | undefined;
  expiresAt: number;
  mark?: ChargeMark;
}

interface Counter {
  /** Which value this is: the period for a key's spend, "" for a balance. */
  tag: string;
  value: number;
  /** When the read that gave `value` started: the next background read is due `refreshMs` later. */
  readAt: number;
  /** Bumped by each change applied here (a settled charge, a credit): a read that spans a bump is stale. */
  epoch: number;
  /** The background read in flight, if any. */
  refreshing: Promise<void> | undefined;
}

/** Values read from the source once, then kept here, changed in place, and re-read in the background when due. */
class Counters<A> {
  private readonly entries = new Map<string, Counter>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    private readonly read: (arg: A) => Promise<number>,
    private readonly refreshMs: number,
    private readonly now: () => number,
    private readonly what: string,
  ) {}

  /** The cached value without side effects, undefined when not loaded. */
  peek(key: string, tag = ""): number | undefined {
    const entry = this.entries.get(key);
    return entry?.tag === tag ? entry.value : undefined;
  }

  /** The cached value, undefined when not loaded; starts a background re-read when one is due. */
  get(key: string, tag: string, arg: A): number | undefined {
    const entry = this.entries.get(key);
    if (entry?.tag !== tag) return undefined;
    if (!entry.refreshing && this.now() - entry.readAt >= this.refreshMs)
      entry.refreshing = this.refresh(key, entry, arg);
    return entry.value;
  }

  /** The background read in flight for this value, if any. */
  refreshing(key: string, tag = ""): Promise<void> | undefined {
    const entry = this.entries.get(key);
    return entry?.tag === tag ? entry.refreshing : undefined;
  }

  /** Reads a value that is not cached; concurrent loads of the same value share one read. */
  load(key: string, tag: string, arg: A): Promise<void> {
    const id = `${key}\n${tag}`;
    let pending = this.loading.get(id);
    if (!pending) {
      const readAt = this.now();
      pending = this.read(arg)
        .then((value) => {
          // Changes apply only to cached values, so none is lost by keeping a first read (at worst it misses a
          // credit committed while it ran, which the next re-read brings).
          const entry = this.entries.get(key);
          if (entry?.tag !== tag) this.entries.set(key, { tag, value, readAt, epoch: 0, refreshing: undefined });
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** Applies a committed change to the cached value, when it is cached for this tag. */
  add(key: string, tag: string, delta: number): void {
    const entry = this.entries.get(key);
    if (entry?.tag !== tag) return;
    entry.value += delta;
    entry.epoch++;
  }

  private async refresh(key: string, entry: Counter, arg: A): Promise<void> {
    const epoch = entry.epoch;
    const readAt = this.now();
    try {
      const value = await this.read(arg);
      // A change applied while the database answered may or may not be in the answer: keep the cached value,
      // still due, so the next reservation reads again. (A read between a charge's commit and its settle counts
      // that charge twice until the next re-read: on the safe side.)
      if (this.entries.get(key) !== entry || entry.epoch !== epoch) return;
      entry.value = value;
      entry.readAt = readAt;
    } catch (err) {
      // Keep serving the cached value; try again one interval later.
      entry.readAt = readAt;
      getLogger().warn({ err, key }, `could not re-read the cached ${this.what}`);
    } finally {
      entry.refreshing = undefined;
    }
  }
}

/** An organization member's spend and holds are kept per organization (its wallet) and member. */
const memberKey = (walletUserId: string, memberUserId: string) => `${walletUserId}\n${memberUserId}`;

/**
 * Reservations in this process, for a single instance without Redis. A user's balance, a limited key's spend and
 * a limited organization member's spend in the current period are read from the database on first need and then kept in memory: a settled
 * charge (after its ledger row is committed) lowers the cached balance and raises the cached spend of the
 * period its reservation counted against, and credit() raises a cached balance, so a request does no database
 * round trip. Credits booked by another process (`npx xrouter credits add`) are not seen that way: a
 * reservation that finds its cached values older than the refresh interval (MEMORY_METER_REFRESH_MS) re-reads
 * them in the background, one read at a time, and goes on with the cached values; a read that spans a change
 * applied here is dropped. Only a reservation that the cached values would refuse waits for such a read and
 * checks again, so a credit booked by another process counts for requests made from one refresh interval after
 * it on.
 * The check and the hold happen with no await in between, so concurrent reservations never overspend.
 */
export class MemoryMeter implements Meter {
  private readonly reservedByUser = new Map<string, number>();
  private readonly reservedByKey = new Map<string, number>();
  private readonly reservedByMember = new Map<string, number>();
  private readonly held = new Map<string, Held>();
  private readonly balances: Counters<string>;
  /** A key's spend, keyed by key id and tagged with the period it counts (one period kept per key). */
  private readonly spends: Counters<ReserveInput>;
  /** An organization member's spend, keyed by memberKey and tagged with the period it counts. */
  private readonly memberSpends: Counters<ReserveInput>;

  private readonly journal: ChargeJournal | undefined;
  private endedSinceCompaction = 0;

  constructor(source: MeterSource, options: { refreshMs?: number; now?: () => number; journal?: ChargeJournal } = {}) {
    this.journal = options.journal;
    const refreshMs = options.refreshMs ?? MEMORY_METER_REFRESH_MS;
    const now = options.now ?? Date.now;
    this.balances = new Counters((userId) => source.balance(userId), refreshMs, now, "balance");
    this.spends = new Counters(
      (input) => source.keySpend(input.keyId, input.keyLimit!.period),
      refreshMs,
      now,
      "key spend",
    );
    this.memberSpends = new Counters(
      (input) => source.memberSpend(input.userId, input.member!.userId, MEMBER_LIMIT_PERIOD),
      refreshMs,
      now,
      "member spend",
    );
  }

  private add(map: Map<string, number>, key: string, delta: number) {
    map.set(key, (map.get(key) ?? 0) + delta);
  }

  /** Moves the amount a reservation holds on its user, key and member by `delta`. */
  private holdMore(held: Held, delta: number) {
    this.add(this.reservedByUser, held.userId, delta);
    this.add(this.reservedByKey, held.keyId, delta);
    if (held.member) this.add(this.reservedByMember, held.member.key, delta);
  }

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    const period = input.keyLimit ? periodId(input.keyLimit.period) : undefined;
    // A member's spend is counted even without a limit, so a limit set later starts from what it already is.
    const member = input.member && { key: memberKey(input.userId, input.member.userId), period: periodId(MEMBER_LIMIT_PERIOD) };
    const memberLimit = input.member?.limitMicro ?? null;
    let rechecked = false;
    for (;;) {
      // From here to the hold nothing awaits: what is checked is what is held.
      if (this.held.has(input.id)) return { ok: true };
      const balance = this.balances.get(input.userId, "", input.userId);
      const spent = period === undefined ? 0 : this.spends.get(input.keyId, period, input);
      const memberSpent = member && memberLimit !== null ? this.memberSpends.get(member.key, member.period, input) : 0;
      if (balance === undefined || spent === undefined || memberSpent === undefined) {
        await Promise.all([
          balance === undefined && this.balances.load(input.userId, "", input.userId),
          spent === undefined && this.spends.load(input.keyId, period!, input),
          memberSpent === undefined && this.memberSpends.load(member!.key, member!.period, input),
        ]);
        continue;
      }
      const available = balance - (this.reservedByUser.get(input.userId) ?? 0);
      if (available < input.amountMicro) {
        // The cached balance may miss a credit booked by another process: a due re-read decides.
        const reading = rechecked ? undefined : this.balances.refreshing(input.userId);
        if (!reading) return { ok: false, reason: "balance", availableMicro: available };
        rechecked = true;
        await reading;
        continue;
      }
      if (input.keyLimit) {
        const remaining = input.keyLimit.limitMicro - spent - (this.reservedByKey.get(input.keyId) ?? 0);
        if (remaining < input.amountMicro) {
          const reading = rechecked ? undefined : this.spends.refreshing(input.keyId, period);
          if (!reading) return { ok: false, reason: "key_limit", availableMicro: remaining };
          rechecked = true;
          await reading;
          continue;
        }
      }
      if (member && memberLimit !== null) {
        const remaining = memberLimit - memberSpent - (this.reservedByMember.get(member.key) ?? 0);
        if (remaining < input.amountMicro) {
          const reading = rechecked ? undefined : this.memberSpends.refreshing(member.key, member.period);
          if (!reading) return { ok: false, reason: "member_limit", availableMicro: remaining };
          rechecked = true;
          await reading;
          continue;
        }
      }
      const held: Held = {
        amount: input.amountMicro,
        userId: input.userId,
        keyId: input.keyId,
        period,
        member,
        expiresAt: Date.now() + IN_PROCESS_RESERVATION_TTL_MS,
      };
      this.holdMore(held, input.amountMicro);
      this.held.set(input.id, held);
      return { ok: true };
    }
  }

  async settle(id: string, costMicro: number): Promise<boolean> {
    const held = this.held.get(id);
    if (!held) return this.settleRecovered(id, costMicro);
    this.held.delete(id);
    if (held.mark && this.journal) {
      this.journal.ended(id);
      if (++this.endedSinceCompaction >= 1_000) {
        this.endedSinceCompaction = 0;
        this.journal.compactIfLarge(() => [...this.held].flatMap(([rid, h]) => (h.mark ? [[rid, h.userId, h.keyId, h.mark] as const] : [])));
      }
    }
    this.holdMore(held, -held.amount);
    if (costMicro > 0) {
      this.balances.add(held.userId, "", -costMicro);
      if (held.period !== undefined) this.spends.add(held.keyId, held.period, costMicro);
      if (held.member) this.memberSpends.add(held.member.key, held.member.period, costMicro);
    }
    return true;
  }

  mark(id: string, mark: ChargeMark, final: boolean): MarkReceipt {
    const written = this.markHeld(id, mark, final);
    return { sent: written, applied: written };
  }

  private async markHeld(id: string, mark: ChargeMark, final: boolean): Promise<void> {
    const held = this.held.get(id);
    if (!held) return;
    held.mark = mark;
    if (final && mark.costMicro < held.amount) {
      this.holdMore(held, mark.costMicro - held.amount);
      held.amount = mark.costMicro;
    }
    await this.journal?.mark(id, held.userId, held.keyId, mark);
  }

  /** A reservation of the process that had the journal before this one: its cost now reaches the cached balance. */
  private settleRecovered(id: string, costMicro: number): boolean {
    const recovered = this.journal?.recovered.get(id);
    if (!recovered) return false;
    this.journal!.ended(id);
    if (costMicro > 0) this.balances.add(recovered.userId, "", -costMicro);
    return true;
  }

  release(id: string): Promise<boolean> {
    return this.settle(id, 0);
  }

  async credit(userId: string, amountMicro: number): Promise<void> {
    this.balances.add(userId, "", amountMicro);
  }

  async expired(now = Date.now()): Promise<ExpiredReservation[]> {
    const stale = [...this.held].filter(([, h]) => h.expiresAt <= now).map(([id, h]) => ({ id, userId: h.userId, keyId: h.keyId, mark: h.mark }));
    return [...(this.journal?.recovered.values() ?? []), ...stale];
  }

  async holds(now = Date.now()): Promise<HoldCount> {
    // A previous process's reservations (from the journal) ran out when it stopped: counted, but of unknown age.
    const recovered = this.journal?.recovered.size ?? 0;
    let expired = 0;
    let oldest = now;
    for (const h of this.held.values())
      if (h.expiresAt <= now) {
        expired++;
        oldest = Math.min(oldest, h.expiresAt);
      }
    return { held: this.held.size + recovered, expired: expired + recovered, oldestExpiredMs: now - oldest };
  }

  async available(userId: string): Promise<number | undefined> {
    const balance = this.balances.peek(userId);
    return balance === undefined ? undefined : balance - (this.reservedByUser.get(userId) ?? 0);
  }
}
