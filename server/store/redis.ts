import { Redis } from "ioredis";
import type { Socket } from "node:net";
import { corkPerTick } from "../net/cork-per-tick";
import type { Store } from "./types";

const DEL_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const INCR_WITH_WINDOW = `local v = redis.call("INCRBY", KEYS[1], ARGV[1])
if redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return v`;

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
      cork();
      return write(...args);
    }) as Socket["write"];
  });
}

/** The store's Lua scripts, sent once and then called by SHA (EVALSHA) on every use. */
type ScriptedRedis = Redis & {
  xrDelIfEquals(key: string, value: string): Promise<number>;
  xrIncrWithWindow(key: string, by: number, ttlMs: number): Promise<number>;
};

/** Store on Redis, shared by every gateway instance. Every key carries the prefix. */
export class RedisStore implements Store {
  readonly kind = "redis" as const;
  readonly redis: ScriptedRedis;

  constructor(
    url: string,
    readonly prefix = "xr:",
  ) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    coalesceWrites(redis);
    redis.defineCommand("xrDelIfEquals", { numberOfKeys: 1, lua: DEL_IF_EQUALS });
    redis.defineCommand("xrIncrWithWindow", { numberOfKeys: 1, lua: INCR_WITH_WINDOW });
    this.redis = redis as ScriptedRedis;
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

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    return (await this.redis.set(this.k(key), value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
  }

  async del(key: string) {
    await this.redis.del(this.k(key));
  }

  async delIfEquals(key: string, value: string) {
    return (await this.redis.xrDelIfEquals(this.k(key), value)) === 1;
  }

  async incr(key: string, by: number, ttlMs: number) {
    return Number(await this.redis.xrIncrWithWindow(this.k(key), by, Math.max(1, Math.ceil(ttlMs))));
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
