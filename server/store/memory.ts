import { ByteLru } from "./byte-lru";
import type { Store } from "./types";

/** The in-process store's bound on evictable values (the response cache) unless told otherwise. */
export const DEFAULT_EVICTABLE_BYTES = 64 * 1024 * 1024;

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process store for a single instance (no REDIS_URL). Expired entries are dropped on read and swept. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly entries = new Map<string, Entry>();
  /** Leased places: set key → holder → lease expiry. */
  private readonly placeSets = new Map<string, Map<string, number>>();
  /** Values the store may drop (setEvictable), bounded in bytes. */
  readonly evictable: ByteLru;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    evictableBytes = DEFAULT_EVICTABLE_BYTES,
  ) {
    this.evictable = new ByteLru(evictableBytes, now);
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const key of this.placeSets.keys()) if (this.places(key, now).size === 0) this.placeSets.delete(key);
    this.evictable.sweep();
  }

  async get(key: string) {
    return this.live(key)?.value ?? null;
  }

  async getMany(keys: string[]) {
    return keys.map((key) => this.live(key)?.value ?? null);
  }

  async set(key: string, value: string, ttlMs: number) {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async setMany(entries: readonly { key: string; value: string }[], ttlMs: number) {
    for (const { key, value } of entries) await this.set(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    if (this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async del(key: string) {
    this.entries.delete(key);
    this.evictable.delete(key);
  }

  async getVersioned(versionKeys: string[], prefix: string, suffix: string) {
    const versions = versionKeys.map((key) => this.live(key)?.value ?? "0").join(".");
    return { versions, value: this.evictable.get(prefix + versions + suffix) };
  }

  async setEvictable(key: string, value: string, ttlMs: number) {
    this.evictable.set(key, value, ttlMs);
  }

  async delIfEquals(key: string, value: string) {
    if (this.live(key)?.value !== value) return false;
    this.entries.delete(key);
    return true;
  }

  async incr(key: string, by: number, ttlMs: number) {
    const entry = this.live(key);
    const value = (entry ? Number(entry.value) : 0) + by;
    this.entries.set(key, { value: String(value), expiresAt: entry?.expiresAt ?? this.now() + ttlMs });
    return value;
  }

  async leasePlace(key: string, holder: string, limit: number, leaseMs: number) {
    const now = this.now();
    const set = this.places(key, now);
    if (!set.has(holder) && set.size >= limit) return false;
    set.set(holder, now + leaseMs);
    return true;
  }

  async releasePlace(key: string, holder: string) {
    this.placeSets.get(key)?.delete(holder);
  }

  async renewPlaces(places: { key: string; holder: string }[], leaseMs: number) {
    const expiresAt = this.now() + leaseMs;
    for (const { key, holder } of places) {
      const set = this.placeSets.get(key);
      if (set?.has(holder)) set.set(holder, expiresAt);
    }
  }

  async countPlaces(key: string) {
    return this.places(key, this.now()).size;
  }

  /** The set's places whose lease has not run out (expired ones are dropped here). */
  private places(key: string, now: number): Map<string, number> {
    let set = this.placeSets.get(key);
    if (!set) this.placeSets.set(key, (set = new Map()));
    for (const [holder, expiresAt] of set) if (expiresAt <= now) set.delete(holder);
    return set;
  }

  async ttl(key: string) {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : -2;
  }

  async ping() {}

  async close() {
    clearInterval(this.sweeper);
    this.entries.clear();
    this.placeSets.clear();
    this.evictable.clear();
  }
}
