import { Redis } from "ioredis";
import type { Store } from "./types";

const DEL_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const INCR_WITH_WINDOW = `local v = redis.call("INCRBY", KEYS[1], ARGV[1])
if redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return v`;

/** Store on Redis, shared by every gateway instance. Every key carries the prefix. */
export class RedisStore implements Store {
  readonly kind = "redis" as const;
  readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = "xr:",
  ) {
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  }

  private k(key: string) {
    return this.prefix + key;
  }

  async get(key: string) {
    return this.redis.get(this.k(key));
  }

  async set(key: string, value: string, ttlMs: number) {
    await this.redis.set(this.k(key), value, "PX", Math.max(1, Math.ceil(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    return (await this.redis.set(this.k(key), value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
  }

  async del(key: string) {
    await this.redis.del(this.k(key));
  }

  async delIfEquals(key: string, value: string) {
    return (await this.redis.eval(DEL_IF_EQUALS, 1, this.k(key), value)) === 1;
  }

  async incr(key: string, by: number, ttlMs: number) {
    return Number(await this.redis.eval(INCR_WITH_WINDOW, 1, this.k(key), by, Math.max(1, Math.ceil(ttlMs))));
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
