import type { Redis } from "ioredis";
import { RESERVATION_TTL_MS, type Meter, type MeterSource, type ReserveInput, type ReserveResult } from "./meter";
import { periodEnd, periodId } from "./periods";

// Returns {status, available}: 1 reserved, 0 short of balance, 2 short of key limit, -1/-2 balance/spend not cached.
const RESERVE = `
if redis.call("EXISTS", KEYS[5]) == 1 then return {1, 0} end
local bal = redis.call("GET", KEYS[1])
if not bal then return {-1, 0} end
local amount = tonumber(ARGV[1])
local available = tonumber(bal) - tonumber(redis.call("GET", KEYS[2]) or "0")
if available < amount then return {0, available} end
if ARGV[2] == "1" then
  local spent = redis.call("GET", KEYS[3])
  if not spent then return {-2, 0} end
  local remaining = tonumber(ARGV[3]) - tonumber(spent) - tonumber(redis.call("GET", KEYS[4]) or "0")
  if remaining < amount then return {2, remaining} end
end
redis.call("INCRBY", KEYS[2], amount)
redis.call("INCRBY", KEYS[4], amount)
redis.call("SET", KEYS[5], ARGV[4])
redis.call("ZADD", KEYS[6], ARGV[5], ARGV[6])
return {1, available - amount}`;

// Drops the reservation and applies the cost to the cached counters; 0 when already done.
const SETTLE = `
local rec = redis.call("GET", KEYS[1])
if not rec then return 0 end
local amount, user, key, spent = string.match(rec, "^([^|]*)|([^|]*)|([^|]*)|(.*)$")
local p = ARGV[3]
redis.call("DECRBY", p .. "res:" .. user, amount)
redis.call("DECRBY", p .. "kres:" .. key, amount)
local cost = tonumber(ARGV[1])
if cost > 0 then
  if redis.call("EXISTS", p .. "bal:" .. user) == 1 then redis.call("DECRBY", p .. "bal:" .. user, cost) end
  if spent ~= "" and redis.call("EXISTS", spent) == 1 then redis.call("INCRBY", spent, cost) end
end
redis.call("DEL", KEYS[1])
redis.call("ZREM", KEYS[2], ARGV[2])
return 1`;

// Lowers a reservation's amount (never raises it) and frees the difference at once.
const SHRINK = `
local rec = redis.call("GET", KEYS[1])
if not rec then return 0 end
local amount, user, key, spent = string.match(rec, "^([^|]*)|([^|]*)|([^|]*)|(.*)$")
local target = tonumber(ARGV[1])
local freed = tonumber(amount) - target
if freed <= 0 then return 0 end
local p = ARGV[2]
redis.call("DECRBY", p .. "res:" .. user, freed)
redis.call("DECRBY", p .. "kres:" .. key, freed)
redis.call("SET", KEYS[1], target .. "|" .. user .. "|" .. key .. "|" .. spent)
return freed`;

const CREDIT = `if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("INCRBY", KEYS[1], ARGV[1]) end return 0`;

type MeterRedis = Redis & {
  xrReserve(...args: (string | number)[]): Promise<[number, number]>;
  xrSettle(...args: (string | number)[]): Promise<number>;
  xrCredit(key: string, amount: number): Promise<number>;
  xrShrink(key: string, amount: number, prefix: string): Promise<number>;
};

/** Reservations in Redis: one Lua script per step, shared by every gateway instance. */
export class RedisMeter implements Meter {
  private readonly redis: MeterRedis;

  constructor(
    redis: Redis,
    private readonly source: MeterSource,
    private readonly prefix = "xr:",
  ) {
    redis.defineCommand("xrReserve", { numberOfKeys: 6, lua: RESERVE });
    redis.defineCommand("xrSettle", { numberOfKeys: 2, lua: SETTLE });
    redis.defineCommand("xrCredit", { numberOfKeys: 1, lua: CREDIT });
    redis.defineCommand("xrShrink", { numberOfKeys: 1, lua: SHRINK });
    this.redis = redis as MeterRedis;
  }

  private k(name: string) {
    return this.prefix + name;
  }

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    const spentKey = input.keyLimit ? this.k(`kspent:${input.keyId}:${periodId(input.keyLimit.period)}`) : "";
    for (let attempt = 0; attempt < 3; attempt++) {
      const [status, available] = await this.redis.xrReserve(
        this.k(`bal:${input.userId}`),
        this.k(`res:${input.userId}`),
        spentKey || this.k("kspent:none"),
        this.k(`kres:${input.keyId}`),
        this.k(`rsv:${input.id}`),
        this.k("rsvz"),
        input.amountMicro,
        input.keyLimit ? "1" : "0",
        input.keyLimit?.limitMicro ?? 0,
        `${input.amountMicro}|${input.userId}|${input.keyId}|${spentKey}`,
        Date.now() + RESERVATION_TTL_MS,
        input.id,
      );
      if (status === 1) return { ok: true };
      if (status === 0) return { ok: false, reason: "balance", availableMicro: available };
      if (status === 2) return { ok: false, reason: "key_limit", availableMicro: available };
      if (status === -1) {
        await this.redis.set(this.k(`bal:${input.userId}`), await this.source.balance(input.userId), "NX");
      } else {
        const limit = input.keyLimit!;
        const ttl = periodEnd(limit.period).getTime() - Date.now() + 86_400_000;
        await this.redis.set(spentKey, await this.source.keySpend(input.keyId, limit.period), "PX", ttl, "NX");
      }
    }
    throw new Error("could not load the balance into the meter");
  }

  async settle(id: string, costMicro: number): Promise<boolean> {
    return (await this.redis.xrSettle(this.k(`rsv:${id}`), this.k("rsvz"), costMicro, id, this.prefix)) === 1;
  }

  async shrink(id: string, amountMicro: number): Promise<void> {
    await this.redis.xrShrink(this.k(`rsv:${id}`), amountMicro, this.prefix);
  }

  release(id: string): Promise<boolean> {
    return this.settle(id, 0);
  }

  async credit(userId: string, amountMicro: number): Promise<void> {
    await this.redis.xrCredit(this.k(`bal:${userId}`), amountMicro);
  }

  async expired(now = Date.now()): Promise<string[]> {
    return this.redis.zrangebyscore(this.k("rsvz"), 0, now, "LIMIT", 0, 500);
  }

  async available(userId: string): Promise<number | undefined> {
    const [bal, reserved] = await this.redis.mget(this.k(`bal:${userId}`), this.k(`res:${userId}`));
    return bal === null ? undefined : Number(bal) - Number(reserved ?? 0);
  }
}
