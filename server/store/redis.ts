import { Redis } from "ioredis";
import type { Socket } from "node:net";
import { getLogger } from "../logging/logger";
import { corkPerTick } from "../net/cork-per-tick";
import { TickBatch } from "./tick-batch";
import type { Store } from "./types";

const DEL_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
/**
 * Lua functions of the store's counters and places, for scripts that do one of them (below) or several in one call
 * (the gateway's admission: rate limit, billing hold and concurrency slot, in billing/redis-meter.ts).
 */
export const LUA_INCR_WITH_WINDOW = `local function incr_with_window(key, by, ttl_ms)
  local v = redis.call("INCRBY", key, by)
  if redis.call("PTTL", key) < 0 then redis.call("PEXPIRE", key, ttl_ms) end
  return v
end`;
// The set itself lives as long as its longest lease. Returns 1 when taken (or renewed), 0 when full.
export const LUA_LEASE_PLACE = `local function lease_place(key, holder, limit, expires_at, now)
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now)
  if not redis.call("ZSCORE", key, holder) and redis.call("ZCARD", key) >= tonumber(limit) then return 0 end
  redis.call("ZADD", key, expires_at, holder)
  local ttl = redis.call("PTTL", key)
  if ttl < 0 or ttl < tonumber(expires_at) - tonumber(now) then redis.call("PEXPIREAT", key, expires_at) end
  return 1
end`;
const INCR_WITH_WINDOW = `${LUA_INCR_WITH_WINDOW}
return incr_with_window(KEYS[1], ARGV[1], ARGV[2])`;
// KEYS[1] the set; ARGV holder, limit, lease expiry, now.
const LEASE_PLACE = `${LUA_LEASE_PLACE}
return lease_place(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])`;

// KEYS the sets; ARGV one holder per set.
const RELEASE_PLACES = `for i, key in ipairs(KEYS) do redis.call("ZREM", key, ARGV[i]) end
return #KEYS`;

// KEYS the keys; ARGV[1] the time to live in ms, then one value per key.
const SET_MANY = `for i, key in ipairs(KEYS) do redis.call("SET", key, ARGV[i + 1], "PX", ARGV[1]) end
return #KEYS`;

// KEYS the version keys; ARGV[1] the value key's prefix (with the store's), ARGV[2] its suffix. A missing version reads
// "0". Returns the versions joined by "." and the value (absent when missing).
const GET_VERSIONED = `local versions = redis.call("MGET", unpack(KEYS))
local parts = {}
for i = 1, #KEYS do parts[i] = versions[i] or "0" end
local joined = table.concat(parts, ".")
return {joined, redis.call("GET", ARGV[1] .. joined .. ARGV[2])}`;

const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * Commands sent in the same tick (a request's rate limit, billing hold and concurrency slot) leave in one write,
 * as with ioredis's auto-pipelining but without its per-tick Pipeline objects, which cost more CPU than the
 * commands themselves. Each new connection's socket is wrapped once.
 */
function coalesceWrites(redis: Redis): void {
  redis.on("connect", () => {
    const socket = redis.stream as Socket;
    const cork = corkPerTick(socket);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      cork.hold();
      return write(...args);
    }) as Socket["write"];
  });
}

/** The store's Lua scripts, sent once and then called by SHA (EVALSHA) on every use. */
type ScriptedRedis = Redis & {
  xrDelIfEquals(key: string, value: string): Promise<number>;
  xrIncrWithWindow(key: string, by: number, ttlMs: number): Promise<number>;
  xrLeasePlace(key: string, holder: string, limit: number, expiresAt: number, now: number): Promise<number>;
  xrSetMany(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<number>;
  xrReleasePlaces(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<number>;
  xrGetVersioned(keyCount: number, ...keysThenArgs: string[]): Promise<[string, string | null] | [string]>;
};

export type ReleaseCarrier = (keys: string[], holders: (string | number)[]) => Promise<unknown> | undefined;

/** Store on Redis, shared by every gateway instance. Every key carries the prefix. */
export class RedisStore implements Store {
  readonly kind = "redis" as const;
  readonly redis: ScriptedRedis;
  /** The places given back in one turn of the event loop: one call (requests end together at saturation). */
  private readonly releases: TickBatch<number>;
  private releaseCarrier: ReleaseCarrier | undefined;

  constructor(
    url: string,
    readonly prefix = "xr:",
  ) {
    // A frozen or unreachable Redis fails commands within seconds (answered as 503) instead of holding requests.
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, commandTimeout: REDIS_COMMAND_TIMEOUT_MS });
    coalesceWrites(redis);
    // Commands fail on their own while Redis is away (answered as 503); the connection's errors need only a log line.
    // (The code only: the message names the host.)
    redis.on("error", (err: NodeJS.ErrnoException) => getLogger().warn({ code: err.code ?? err.name }, "redis connection error"));
    redis.defineCommand("xrDelIfEquals", { numberOfKeys: 1, lua: DEL_IF_EQUALS });
    redis.defineCommand("xrIncrWithWindow", { numberOfKeys: 1, lua: INCR_WITH_WINDOW });
    redis.defineCommand("xrLeasePlace", { numberOfKeys: 1, lua: LEASE_PLACE });
    redis.defineCommand("xrSetMany", { lua: SET_MANY });
    redis.defineCommand("xrReleasePlaces", { lua: RELEASE_PLACES });
    redis.defineCommand("xrGetVersioned", { lua: GET_VERSIONED });
    this.redis = redis as ScriptedRedis;
    this.releases = new TickBatch(
      (keys, holders) => this.releaseCarrier?.(keys, holders)?.then(() => keys.length) ?? this.redis.xrReleasePlaces(keys.length, ...keys, ...holders),
    );
  }

  /**
   * Another script sent at the end of the same turn (the meter's marks) may carry the turn's place releases: it
   * takes them and returns its answer, or returns undefined and they go out on their own.
   */
  carryReleasesWith(carrier: ReleaseCarrier): void {
    this.releaseCarrier = carrier;
  }

  private k(key: string) {
    return this.prefix + key;
  }

  async get(key: string) {
    return this.redis.get(this.k(key));
  }

  async getMany(keys: string[]) {
    return keys.length ? this.redis.mget(keys.map((key) => this.k(key))) : [];
  }

  async set(key: string, value: string, ttlMs: number) {
    await this.redis.set(this.k(key), value, "PX", Math.max(1, Math.ceil(ttlMs)));
  }

  async setMany(entries: readonly { key: string; value: string }[], ttlMs: number) {
    if (entries.length === 0) return;
    const keys = entries.map((e) => this.k(e.key));
    await this.redis.xrSetMany(keys.length, ...keys, Math.max(1, Math.ceil(ttlMs)), ...entries.map((e) => e.value));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    return (await this.redis.set(this.k(key), value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
  }

  async del(key: string) {
    await this.redis.del(this.k(key));
  }

  async getVersioned(versionKeys: string[], prefix: string, suffix: string) {
    const keys = versionKeys.map((key) => this.k(key));
    const [versions, value] = await this.redis.xrGetVersioned(keys.length, ...keys, this.k(prefix), suffix);
    return { versions, value: value ?? null };
  }

  async setEvictable(key: string, value: string, ttlMs: number) {
    await this.set(key, value, ttlMs);
  }

  async delIfEquals(key: string, value: string) {
    return (await this.redis.xrDelIfEquals(this.k(key), value)) === 1;
  }

  async incr(key: string, by: number, ttlMs: number) {
    return Number(await this.redis.xrIncrWithWindow(this.k(key), by, Math.max(1, Math.ceil(ttlMs))));
  }

  async leasePlace(key: string, holder: string, limit: number, leaseMs: number) {
    const now = Date.now();
    return (await this.redis.xrLeasePlace(this.k(key), holder, limit, now + leaseMs, now)) === 1;
  }

  async releasePlace(key: string, holder: string) {
    await this.releases.add(this.k(key), holder);
  }

  async renewPlaces(places: { key: string; holder: string }[], leaseMs: number) {
    if (places.length === 0) return;
    const expiresAt = Date.now() + leaseMs;
    const batch = this.redis.pipeline();
    for (const { key, holder } of places) {
      batch.zadd(this.k(key), "XX", expiresAt, holder);
      batch.pexpireat(this.k(key), expiresAt);
    }
    await batch.exec();
  }

  async countPlaces(key: string) {
    return this.redis.zcount(this.k(key), `(${Date.now()}`, "+inf");
  }

  async ttl(key: string) {
    return this.redis.pttl(this.k(key));
  }

  async ping() {
    await this.redis.ping();
  }

  async close() {
    this.redis.disconnect();
  }
}
