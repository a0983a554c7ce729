import type { Redis } from "ioredis";
import { getLogger } from "../logging/logger";
import { LeaseKeeper, leaseSettings } from "../store/leases";
import { LUA_INCR_WITH_WINDOW, LUA_LEASE_PLACE } from "../store/redis";
import type { AdmitInput, AdmitResult, ChargeMark, ExpiredReservation, HoldCount, MarkReceipt, Meter, MeterSource, ReserveInput, ReserveResult } from "./meter";
import { MEMBER_LIMIT_PERIOD, periodEnd, periodId } from "./periods";
import { TickBatch } from "../store/tick-batch";

// A reservation is a hash: a amount held, u user, k key, s the key's spend counter (or ""), for an organization's key
// m the member's reserved counter and ms the member's spend counter, and once marked c cost, p price row, n note.
// The sorted set rsvz holds each reservation's lease expiry.

// The admission: a key's rate count, then the reservation, then a concurrency place, each only when the step
// before it passed. KEYS: 1 balance, 2 user's reserved, 3 key's spend (or a placeholder), 4 key's reserved,
// 5 reservation, 6 lease set, 7 rate counter, 8 place set, 9 member's spend, 10 member's reserved (placeholders
// when not asked). ARGV: 1 amount, 2 "1" with a key limit, 3 the limit, 4 user, 5 key, 6 spend key name, 7 lease
// expiry, 8 id, 9 rate limit ("" for none), 10 rate window ms, 11 place holder ("" for none), 12 place limit,
// 13 place lease expiry, 14 now, 15 "1" with a member limit, 16 the member's limit, 17 member's spend key name and
// 18 member's reserved key name ("" for a key without a member).
// Returns {status, available, rate count, place taken}: status 1 reserved, 0 short of balance, 2 short of key
// limit, 4 short of the member's limit, 3 over the rate limit, -1/-2/-3 balance/key spend/member spend not cached
// (nothing changed: load it and ask again).
const ADMIT = `${LUA_INCR_WITH_WINDOW}
${LUA_LEASE_PLACE}
local held = redis.call("EXISTS", KEYS[5]) == 1
local bal = redis.call("GET", KEYS[1])
local spent = redis.call("GET", KEYS[3])
local mspent = redis.call("GET", KEYS[9])
if not held then
  if not bal then return {-1, 0, 0, 0} end
  if ARGV[2] == "1" and not spent then return {-2, 0, 0, 0} end
  if ARGV[15] == "1" and not mspent then return {-3, 0, 0, 0} end
end
local count = 0
if ARGV[9] ~= "" then
  count = incr_with_window(KEYS[7], 1, ARGV[10])
  if count > tonumber(ARGV[9]) then return {3, 0, count, 0} end
end
local available = 0
if not held then
  local amount = tonumber(ARGV[1])
  available = tonumber(bal) - tonumber(redis.call("GET", KEYS[2]) or "0")
  if available < amount then return {0, available, count, 0} end
  if ARGV[2] == "1" then
    local remaining = tonumber(ARGV[3]) - tonumber(spent) - tonumber(redis.call("GET", KEYS[4]) or "0")
    if remaining < amount then return {2, remaining, count, 0} end
  end
  if ARGV[15] == "1" then
    local remaining = tonumber(ARGV[16]) - tonumber(mspent) - tonumber(redis.call("GET", KEYS[10]) or "0")
    if remaining < amount then return {4, remaining, count, 0} end
  end
  redis.call("INCRBY", KEYS[2], amount)
  redis.call("INCRBY", KEYS[4], amount)
  redis.call("HSET", KEYS[5], "a", amount, "u", ARGV[4], "k", ARGV[5], "s", ARGV[6])
  if ARGV[18] ~= "" then
    redis.call("INCRBY", KEYS[10], amount)
    redis.call("HSET", KEYS[5], "m", ARGV[18], "ms", ARGV[17])
  end
  redis.call("ZADD", KEYS[6], ARGV[7], ARGV[8])
  available = available - amount
end
local placed = 0
if ARGV[11] ~= "" then placed = lease_place(KEYS[8], ARGV[11], ARGV[12], ARGV[13], ARGV[14]) end
return {1, available, count, placed}`;

// Drops reservations and applies their costs to the cached counters, a batch at a time: KEYS[1] the lease set,
// then one reservation per key; ARGV[1] the prefix, then cost and id per reservation. Per reservation 1 when
// settled now, 0 when it was already done.
const SETTLE_MANY = `
local p = ARGV[1]
local settled = {}
for i = 2, #KEYS do
  local a = (i - 2) * 2 + 1
  local rec = redis.call("HMGET", KEYS[i], "a", "u", "k", "s", "m", "ms")
  redis.call("ZREM", KEYS[1], ARGV[a + 2])
  if not rec[1] then
    settled[i - 1] = 0
  else
    local amount, user, key, spent, mres, mspent = rec[1], rec[2], rec[3], rec[4], rec[5], rec[6]
    redis.call("DECRBY", p .. "res:" .. user, amount)
    redis.call("DECRBY", p .. "kres:" .. key, amount)
    if mres then redis.call("DECRBY", mres, amount) end
    local cost = tonumber(ARGV[a + 1])
    if cost > 0 then
      if redis.call("EXISTS", p .. "bal:" .. user) == 1 then redis.call("DECRBY", p .. "bal:" .. user, cost) end
      if spent ~= "" and redis.call("EXISTS", spent) == 1 then redis.call("INCRBY", spent, cost) end
      if mspent and redis.call("EXISTS", mspent) == 1 then redis.call("INCRBY", mspent, cost) end
    end
    redis.call("DEL", KEYS[i])
    settled[i - 1] = 1
  end
end
return settled`;

// Records charges on their reservations, a batch at a time: KEYS the n reservations, then the sets of the places
// given back in the same turn; ARGV[1] the prefix, ARGV[2] n, then cost, price row, note and final per reservation,
// then one holder per place. A final mark also lowers the hold to the cost (never raises it).
const MARK_MANY = `
local p = ARGV[1]
local n = tonumber(ARGV[2])
for i = 1, n do
  local key = KEYS[i]
  local a = (i - 1) * 4 + 2
  local rec = redis.call("HMGET", key, "a", "u", "k", "m")
  if rec[1] then
    redis.call("HSET", key, "c", ARGV[a + 1], "p", ARGV[a + 2], "n", ARGV[a + 3])
    local freed = tonumber(rec[1]) - tonumber(ARGV[a + 1])
    if ARGV[a + 4] == "1" and freed > 0 then
      redis.call("DECRBY", p .. "res:" .. rec[2], freed)
      redis.call("DECRBY", p .. "kres:" .. rec[3], freed)
      if rec[4] then redis.call("DECRBY", rec[4], freed) end
      redis.call("HSET", key, "a", ARGV[a + 1])
    end
  end
end
for i = n + 1, #KEYS do redis.call("ZREM", KEYS[i], ARGV[2 + 3 * n + i]) end
return 1`;

const CREDIT = `if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("INCRBY", KEYS[1], ARGV[1]) end return 0`;

type MeterRedis = Redis & {
  xrAdmit(...args: (string | number)[]): Promise<[number, number, number, number]>;
  xrSettleMany(numKeys: number, ...args: (string | number)[]): Promise<number[]>;
  xrCredit(key: string, amount: number): Promise<number>;
  xrMarkMany(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

const EXPIRED_BATCH = 500;

/**
 * A cached balance is read again from the database this often. Settles keep it exact while Redis keeps its
 * data; after Redis lost it (a restart), charges booked meanwhile may be missing from the new cache or counted
 * twice, and this bounds how long.
 */
const BALANCE_CACHE_MS = 5 * 60_000;

/**
 * A member's cached spend is read again from the database as often: besides a lost Redis, keys an admin reassigns
 * to another member take their month's spend with them, which only the database sees.
 */
const MEMBER_SPEND_CACHE_MS = BALANCE_CACHE_MS;

/**
 * Reservations in Redis: one Lua script per step, shared by every gateway instance; the marks and settles of
 * requests that end in the same turn of the event loop go out as one call each. Each reservation is leased:
 * this instance renews the ones it holds until they are settled or released, so a stopped instance's
 * reservations run out within one lease and any live instance's sweeper books or frees them.
 */
export class RedisMeter implements Meter {
  private readonly redis: MeterRedis;
  private readonly leases: LeaseKeeper<string>;
  /** The marks and settles of one turn of the event loop: one script call each (see TickBatch). */
  private readonly marks: TickBatch<number>;
  private readonly settles: TickBatch<number[]>;
  /** Place releases (the store's keys) riding on this turn's marks. */
  private carried: { places: string[]; holders: (string | number)[] } = { places: [], holders: [] };

  constructor(
    redis: Redis,
    private readonly source: MeterSource,
    private readonly prefix = "xr:",
    /** The store's prefix: the rate counters and places an admission asks for are the store's keys. */
    private readonly storePrefix = "xr:",
  ) {
    redis.defineCommand("xrAdmit", { numberOfKeys: 10, lua: ADMIT });
    redis.defineCommand("xrSettleMany", { lua: SETTLE_MANY });
    redis.defineCommand("xrCredit", { numberOfKeys: 1, lua: CREDIT });
    redis.defineCommand("xrMarkMany", { lua: MARK_MANY });
    this.redis = redis as MeterRedis;
    this.marks = new TickBatch((keys, args) => {
      const { places, holders } = this.carried;
      this.carried = { places: [], holders: [] };
      return this.redis.xrMarkMany(keys.length + places.length, ...keys, ...places, this.prefix, keys.length, ...args, ...holders);
    });
    this.settles = new TickBatch((keys, args) => this.redis.xrSettleMany(keys.length + 1, this.k("rsvz"), ...keys, this.prefix, ...args));
    this.leases = new LeaseKeeper(
      (ids) => this.renew(ids),
      (err) => getLogger().warn({ err }, "could not renew billing reservations"),
    );
  }

  private k(name: string) {
    return this.prefix + name;
  }

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    return (await this.admit(input)).hold!;
  }

  async admit(input: AdmitInput): Promise<AdmitResult> {
    try {
      return await this.tryAdmit(input);
    } catch (err) {
      // A command that timed out may still run once Redis answers again: the releases queued behind it on the
      // same connection undo it, so no hold or place outlives the request that gave up.
      this.settle(input.id, 0).catch(() => undefined);
      if (input.place) this.redis.zrem(this.storeKey(input.place.key), input.place.holder).catch(() => undefined);
      throw err;
    }
  }

  private storeKey(key: string) {
    return this.storePrefix + key;
  }

  private async tryAdmit(input: AdmitInput): Promise<AdmitResult> {
    const spentKey = input.keyLimit ? this.k(`kspent:${input.keyId}:${periodId(input.keyLimit.period)}`) : "";
    const { rate, place, member } = input;
    // A member's spend is counted even without a limit, so a limit set later starts from what it already is.
    const memberOf = member && `${input.userId}:${member.userId}`;
    const memberSpentKey = memberOf ? this.k(`mspent:${memberOf}:${periodId(MEMBER_LIMIT_PERIOD)}`) : "";
    const memberReservedKey = memberOf ? this.k(`mres:${memberOf}`) : "";
    const memberLimited = member?.limitMicro != null;
    // At most one load each of the balance, the key's spend and the member's spend, then the admission.
    for (let attempt = 0; attempt < 4; attempt++) {
      const now = Date.now();
      const [status, available, rateCount, placed] = await this.redis.xrAdmit(
        this.k(`bal:${input.userId}`),
        this.k(`res:${input.userId}`),
        spentKey || this.k("kspent:none"),
        this.k(`kres:${input.keyId}`),
        this.k(`rsv:${input.id}`),
        this.k("rsvz"),
        rate ? this.storeKey(rate.key) : this.k("none"),
        place ? this.storeKey(place.key) : this.k("none"),
        memberSpentKey || this.k("mspent:none"),
        memberReservedKey || this.k("mres:none"),
        input.amountMicro,
        input.keyLimit ? "1" : "0",
        input.keyLimit?.limitMicro ?? 0,
        input.userId,
        input.keyId,
        spentKey,
        now + leaseSettings.leaseMs,
        input.id,
        rate ? rate.limit : "",
        rate ? Math.max(1, Math.ceil(rate.windowMs)) : 0,
        place ? place.holder : "",
        place ? place.limit : 0,
        place ? now + place.leaseMs : 0,
        now,
        memberLimited ? "1" : "0",
        member?.limitMicro ?? 0,
        memberSpentKey,
        memberReservedKey,
      );
      const counted = rate ? { rateCount } : {};
      if (status === 1) {
        this.leases.hold(input.id, input.id);
        return { ...counted, hold: { ok: true }, placeTaken: placed === 1 };
      }
      if (status === 3) return { ...counted, placeTaken: false };
      if (status === 0) return { ...counted, hold: { ok: false, reason: "balance", availableMicro: available }, placeTaken: false };
      if (status === 2) return { ...counted, hold: { ok: false, reason: "key_limit", availableMicro: available }, placeTaken: false };
      if (status === 4) return { ...counted, hold: { ok: false, reason: "member_limit", availableMicro: available }, placeTaken: false };
      if (status === -1) {
        await this.redis.set(this.k(`bal:${input.userId}`), await this.source.balance(input.userId), "PX", BALANCE_CACHE_MS, "NX");
      } else if (status === -3) {
        const spent = await this.source.memberSpend(input.userId, member!.userId, MEMBER_LIMIT_PERIOD);
        await this.redis.set(memberSpentKey, spent, "PX", MEMBER_SPEND_CACHE_MS, "NX");
      } else {
        const limit = input.keyLimit!;
        const ttl = periodEnd(limit.period).getTime() - Date.now() + 86_400_000;
        await this.redis.set(spentKey, await this.source.keySpend(input.keyId, limit.period), "PX", ttl, "NX");
      }
    }
    throw new Error("could not load the balance into the meter");
  }

  /**
   * Gives places back (the store's prefixed set keys and holders) in this turn's mark call when marks wait for the
   * end of this turn: a request's slot release and its mark are then one script call. Undefined when none wait.
   */
  readonly carryReleases = (places: string[], holders: (string | number)[]): Promise<unknown> | undefined => {
    const answer = this.marks.pending;
    if (!answer) return undefined;
    this.carried.places.push(...places);
    this.carried.holders.push(...holders);
    return answer;
  };

  mark(id: string, mark: ChargeMark, final: boolean): MarkReceipt {
    const applied = this.marks.add(this.k(`rsv:${id}`), mark.costMicro, mark.priceId, mark.note, final ? "1" : "0");
    return { sent: this.marks.handedOver!, applied: applied.then(() => undefined) };
  }

  async settle(id: string, costMicro: number): Promise<boolean> {
    const at = this.settles.size;
    try {
      const settled = (await this.settles.add(this.k(`rsv:${id}`), costMicro, id))[at] === 1;
      this.leases.drop(id);
      return settled;
    } catch (err) {
      // A release that cannot reach Redis is left to its lease: the sweeper frees it. A settle is retried by its caller.
      if (costMicro === 0) this.leases.drop(id);
      throw err;
    }
  }

  release(id: string): Promise<boolean> {
    return this.settle(id, 0);
  }

  async credit(userId: string, amountMicro: number): Promise<void> {
    await this.redis.xrCredit(this.k(`bal:${userId}`), amountMicro);
  }

  private async renew(ids: string[]): Promise<void> {
    const expiresAt = Date.now() + leaseSettings.leaseMs;
    // XX: a reservation settled meanwhile is not brought back.
    await this.redis.zadd(this.k("rsvz"), "XX", ...ids.flatMap((id) => [expiresAt, id]));
  }

  async expired(now = Date.now()): Promise<ExpiredReservation[]> {
    const ids = await this.redis.zrangebyscore(this.k("rsvz"), 0, now, "LIMIT", 0, EXPIRED_BATCH);
    if (ids.length === 0) return [];
    const batch = this.redis.pipeline();
    for (const id of ids) batch.hmget(this.k(`rsv:${id}`), "u", "k", "c", "p", "n");
    const records = (await batch.exec()) ?? [];
    return ids.map((id, i) => {
      const [userId, keyId, cost, priceId, note] = (records[i]?.[1] ?? []) as (string | null)[];
      const mark = cost ? { costMicro: Number(cost), priceId: Number(priceId), note: note ?? "" } : undefined;
      return { id, userId: userId ?? "", keyId: keyId ?? "", mark };
    });
  }

  async holds(now = Date.now()): Promise<HoldCount> {
    const rsvz = this.k("rsvz");
    const answers = (await this.redis.pipeline().zcard(rsvz).zcount(rsvz, 0, now).zrange(rsvz, "0", "0", "WITHSCORES").exec()) ?? [];
    const [held, expired, first] = answers.map(([err, value]) => {
      if (err) throw err;
      return value;
    }) as [number, number, string[]];
    const oldestExpiry = Number(first[1] ?? now);
    return { held, expired, oldestExpiredMs: Math.max(0, now - oldestExpiry) };
  }

  async available(userId: string): Promise<number | undefined> {
    const [bal, reserved] = await this.redis.mget(this.k(`bal:${userId}`), this.k(`res:${userId}`));
    return bal === null ? undefined : Number(bal) - Number(reserved ?? 0);
  }
}
