import { getConfig } from "../config";
import { MemoryStore } from "./memory";
import { RedisStore } from "./redis";
import type { Store } from "./types";

export type { Store } from "./types";

export function createStore(redisUrl: string | undefined, prefix?: string): Store {
  return redisUrl ? new RedisStore(redisUrl, prefix) : new MemoryStore(Date.now, getConfig().XROUTER_CACHE_MEMORY_MB * 1024 * 1024);
}

/** The process-wide store: Redis with REDIS_URL, else in-process (one instance only). Created on first use. */
export function getStore(): Store {
  const g = globalThis as { __xrouterStore?: Store };
  g.__xrouterStore ??= createStore(getConfig().REDIS_URL);
  return g.__xrouterStore;
}

/** Runs `fn` while holding a store lock; returns undefined when another holder has it. */
export async function withLock<T>(store: Store, key: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const token = crypto.randomUUID();
  if (!(await store.setIfAbsent(`lock:${key}`, token, ttlMs))) return undefined;
  try {
    return await fn();
  } finally {
    await store.delIfEquals(`lock:${key}`, token);
  }
}
