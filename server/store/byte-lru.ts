interface Entry {
  value: string;
  bytes: number;
  expiresAt: number;
}

/**
 * Values kept in process up to `maxBytes` (UTF-8 of key and value), each until its expiry; past the bound the least
 * recently used go first. A Map iterates in insertion order, so a read moves its entry to the end.
 */
export class ByteLru {
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.held -= entry.bytes;
      return null;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  /** A value bigger than the whole bound is not kept. */
  set(key: string, value: string, ttlMs: number): void {
    this.delete(key);
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes, expiresAt: this.now() + ttlMs });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  /** Drops expired entries. */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
