import type { Store } from "./types";

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process store for a single instance (no REDIS_URL). Expired entries are dropped on read and swept. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
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

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    if (this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async del(key: string) {
    this.entries.delete(key);
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

  async ttl(key: string) {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : -2;
  }

  async ping() {}

  async close() {
    clearInterval(this.sweeper);
    this.entries.clear();
  }
}
