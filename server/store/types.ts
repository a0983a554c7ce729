/**
 * The small shared store behind rate limits, the response cache and provider tokens.
 * Redis when REDIS_URL is set (shared by every instance), else in-process (one instance only).
 * Keys are namespaced by the implementation's prefix; callers pass short logical keys.
 */
export interface Store {
  readonly kind: "redis" | "memory";
  get(key: string): Promise<string | null>;
  /** Several values in one round trip. */
  getMany(keys: string[]): Promise<(string | null)[]>;
  /** Sets a value that expires after ttlMs. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets several values, each expiring after ttlMs, in one command. */
  setMany(entries: readonly { key: string; value: string }[], ttlMs: number): Promise<void>;
  /** Sets only if absent; true when this call set it (the basis of locks). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  del(key: string): Promise<void>;
  /**
   * Reads the version keys (a missing one reads "0"), then the value at `prefix + versions.join(".") + suffix`, in
   * one round trip: the response cache's lookup, whose namespaces are renamed (purged) by setting a version.
   */
  getVersioned(versionKeys: string[], prefix: string, suffix: string): Promise<{ versions: string; value: string | null }>;
  /**
   * Sets a value the store may drop before it expires: the in-process store keeps such values up to a byte bound
   * (least recently used first), Redis keeps them under its own memory policy. Read them with getVersioned.
   */
  setEvictable(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes only when the current value equals `value` (safe lock release). */
  delIfEquals(key: string, value: string): Promise<boolean>;
  /** Adds `by` to a counter; the first increment starts its ttlMs window. Returns the new value. */
  incr(key: string, by: number, ttlMs: number): Promise<number>;
  /**
   * Takes one of `limit` places in a set for `holder`, leased for `leaseMs`; false when full. Places whose lease
   * ran out are dropped first, so a holder that died frees its place by itself. Taking a place held is a renewal.
   */
  leasePlace(key: string, holder: string, limit: number, leaseMs: number): Promise<boolean>;
  /** Gives back the holder's place; only what was taken can be given back. */
  releasePlace(key: string, holder: string): Promise<void>;
  /** Extends the leases of places still held (ignores places already gone). */
  renewPlaces(places: { key: string; holder: string }[], leaseMs: number): Promise<void>;
  /** Places in the set whose lease has not run out. */
  countPlaces(key: string): Promise<number>;
  /** Milliseconds until the key expires; -1 without expiry, -2 when missing. */
  ttl(key: string): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A fixed-window request counter: a request counted past `limit` is refused. */
export interface RateCount {
  key: string;
  limit: number;
  windowMs: number;
}

/** A leased place in a set (a concurrency slot) for `holder`, one of at most `limit`. */
export interface PlaceAsk {
  key: string;
  holder: string;
  limit: number;
  leaseMs: number;
}
