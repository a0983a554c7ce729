import { RESERVATION_TTL_MS, type Meter, type MeterSource, type ReserveInput, type ReserveResult } from "./meter";

interface Held {
  amount: number;
  userId: string;
  keyId: string;
  expiresAt: number;
}

/**
 * Reservations in this process, for a single instance without Redis. The balance and the key's spend are
 * read from the database on every reservation (so credits made by the CLI count at once); the check and the
 * hold then happen with no await in between, and are redone if a charge settled while the database answered.
 */
export class MemoryMeter implements Meter {
  private readonly reservedByUser = new Map<string, number>();
  private readonly reservedByKey = new Map<string, number>();
  private readonly held = new Map<string, Held>();
  /** Bumped when a charge settles: a balance read across a bump is stale. */
  private epoch = 0;

  constructor(private readonly source: MeterSource) {}

  private add(map: Map<string, number>, key: string, delta: number) {
    map.set(key, (map.get(key) ?? 0) + delta);
  }

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    for (;;) {
      const epoch = this.epoch;
      const [balance, spent] = await Promise.all([
        this.source.balance(input.userId),
        input.keyLimit ? this.source.keySpend(input.keyId, input.keyLimit.period) : Promise.resolve(0),
      ]);
      if (epoch !== this.epoch) continue;
      if (this.held.has(input.id)) return { ok: true };
      const available = balance - (this.reservedByUser.get(input.userId) ?? 0);
      if (available < input.amountMicro) return { ok: false, reason: "balance", availableMicro: available };
      if (input.keyLimit) {
        const remaining = input.keyLimit.limitMicro - spent - (this.reservedByKey.get(input.keyId) ?? 0);
        if (remaining < input.amountMicro) return { ok: false, reason: "key_limit", availableMicro: remaining };
      }
      this.add(this.reservedByUser, input.userId, input.amountMicro);
      this.add(this.reservedByKey, input.keyId, input.amountMicro);
      this.held.set(input.id, { amount: input.amountMicro, userId: input.userId, keyId: input.keyId, expiresAt: Date.now() + RESERVATION_TTL_MS });
      return { ok: true };
    }
  }

  async settle(id: string, costMicro: number): Promise<boolean> {
    const held = this.held.get(id);
    if (!held) return false;
    this.held.delete(id);
    if (costMicro > 0) this.epoch++;
    this.add(this.reservedByUser, held.userId, -held.amount);
    this.add(this.reservedByKey, held.keyId, -held.amount);
    return true;
  }

  async shrink(id: string, amountMicro: number): Promise<void> {
    const held = this.held.get(id);
    if (!held || amountMicro >= held.amount) return;
    const freed = held.amount - amountMicro;
    held.amount = amountMicro;
    this.add(this.reservedByUser, held.userId, -freed);
    this.add(this.reservedByKey, held.keyId, -freed);
  }

  release(id: string): Promise<boolean> {
    return this.settle(id, 0);
  }

  /** Nothing cached: the next reservation reads the credited balance. */
  async credit(): Promise<void> {}

  async expired(now = Date.now()): Promise<string[]> {
    return [...this.held].filter(([, h]) => h.expiresAt <= now).map(([id]) => id);
  }

  async available(userId: string): Promise<number | undefined> {
    return (await this.source.balance(userId)) - (this.reservedByUser.get(userId) ?? 0);
  }
}
