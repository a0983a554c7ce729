import { getDb } from "../db";
import { getStore } from "../store";
import { RedisStore } from "../store/redis";
import { ChargeQueue } from "./charges";
import { MemoryMeter } from "./memory-meter";
import type { Meter } from "./meter";
import { RedisMeter } from "./redis-meter";
import { databaseMeterSource } from "./source";

export interface Billing {
  meter: Meter;
  charges: ChargeQueue;
}

/** The process's meter (Redis when the store is Redis, else in-process) and its charge queue. */
export function getBilling(): Billing {
  const g = globalThis as { __xrouterBilling?: Billing };
  if (!g.__xrouterBilling) {
    const store = getStore();
    const source = databaseMeterSource(getDb);
    const meter = store instanceof RedisStore ? new RedisMeter(store.redis, source, `${store.prefix}meter:`) : new MemoryMeter(source);
    g.__xrouterBilling = { meter, charges: new ChargeQueue(getDb, meter) };
  }
  return g.__xrouterBilling;
}
