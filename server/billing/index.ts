import { getDb } from "../db";
import { getStore } from "../store";
import type { RedisStore } from "../store/redis";
import { ChargeQueue } from "./charges";
import { ChargeJournal } from "./journal";
import { MemoryMeter } from "./memory-meter";
import type { Meter } from "./meter";
import { RedisMeter } from "./redis-meter";
import { databaseMeterSource } from "./source";

export interface Billing {
  meter: Meter;
  charges: ChargeQueue;
  /** A graceful stop: books what waits (for up to `timeoutMs`; the rest is left to the sweeper) and closes the journal. */
  stop(timeoutMs: number): Promise<boolean>;
}

const g = globalThis as { __xrouterBilling?: Billing; __xrouterChargeJournalDir?: string };

/**
 * The server keeps the in-process meter's charge marks in a journal in its data folder (see ChargeJournal), so a
 * crash loses no answered request's charge. Call before the billing is first used.
 */
export function keepChargeJournal(dataDir: string): void {
  g.__xrouterChargeJournalDir = dataDir;
}

/** The process's meter (Redis when the store is Redis, else in-process) and its charge queue. */
export function getBilling(): Billing {
  if (!g.__xrouterBilling) {
    const store = getStore();
    const source = databaseMeterSource(getDb);
    const dir = g.__xrouterChargeJournalDir;
    // By kind, not instanceof: the server bundle and Next's routes (readiness, the portal) are separate module graphs
    // with a RedisStore class each, and whichever asks first creates the process's billing.
    const redisStore = store.kind === "redis" ? (store as RedisStore) : undefined;
    const journal = redisStore || !dir ? undefined : ChargeJournal.open(dir);
    let meter: Meter;
    if (redisStore) {
      const redisMeter = new RedisMeter(redisStore.redis, source, `${redisStore.prefix}meter:`, redisStore.prefix);
      // A request's slot release and its mark (the same turn, the same connection) go out as one script call.
      redisStore.carryReleasesWith(redisMeter.carryReleases);
      meter = redisMeter;
    } else {
      meter = new MemoryMeter(source, { journal });
    }
    const charges = new ChargeQueue(getDb, meter);
    g.__xrouterBilling = {
      meter,
      charges,
      async stop(timeoutMs) {
        const booked = await charges.drain(timeoutMs);
        await journal?.close();
        return booked;
      },
    };
  }
  return g.__xrouterBilling;
}
