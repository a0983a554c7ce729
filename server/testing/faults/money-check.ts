import { inArray, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { expect } from "vitest";
import { openDb } from "../../db/client";
import { queryRows } from "../../db/rows";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import { checkLedger } from "../../services/billing/check-ledger";
import { storeKeys } from "./store-keys";

/** A request a client saw through to its end, with the cost it was told (usage.cost_rub) when it was told one. */
export interface AnsweredRequest {
  id: string;
  costMicro?: number;
}

export interface MoneyCheckOptions {
  /** The database itself, never a proxy in front of it. */
  databaseUrl: string;
  redisUrl: string;
  storePrefix: string;
  /** How long queues and sweepers get to finish before a problem counts. */
  waitMs?: number;
  /** Requests whose rows may never reach the requests table (their instance was killed) but must be charged. */
  answered?: AnsweredRequest[];
}

const LIMIT = 20;

async function ledgerProblems(db: Db): Promise<string[]> {
  const { problems } = await checkLedger(db);
  return problems.map((p) => `ledger check: ${p.problem} for ${p.userId}: ${p.detail}`);
}

/** Every request answered with 200 at a cost has exactly one charge of that cost; no reference is charged twice. */
async function chargeProblems(db: Db, answered: AnsweredRequest[]): Promise<string[]> {
  const rows = await queryRows<{ id: string; cost: string; charges: string; charged: string }>(
    db,
    sql`
    select r.id, r.cost_micro as cost, count(l.id) as charges, coalesce(sum(-l.amount_micro), 0) as charged
    from requests r left join ledger l on l.kind = 'charge' and l.reference = r.id
    where r.status = 200 and r.cost_micro > 0
    group by r.id, r.cost_micro
    having count(l.id) <> 1 or coalesce(sum(-l.amount_micro), 0) <> r.cost_micro
    limit ${LIMIT}`,
  );
  const twice = await queryRows<{ reference: string; n: string }>(
    db,
    sql`
    select reference, count(*) as n from ledger where kind = 'charge' group by reference having count(*) > 1 limit ${LIMIT}`,
  );
  const problems = [
    ...rows.map((r) => `request ${r.id} (200, cost ${r.cost}) has ${r.charges} charges totalling ${r.charged}`),
    ...twice.map((r) => `reference ${r.reference} is charged ${r.n} times`),
  ];
  if (answered.length > 0) {
    const booked = await queryRows<{ reference: string; n: string; charged: string }>(
      db,
      sql`
      select reference, count(*) as n, sum(-amount_micro) as charged from ledger
      where kind = 'charge' and reference = any(${sql.param(answered.map((a) => a.id))}::text[]) group by reference`,
    );
    const byId = new Map(booked.map((b) => [b.reference, b]));
    for (const a of answered) {
      const b = byId.get(a.id);
      if (!b) problems.push(`answered request ${a.id} (cost ${a.costMicro ?? "?"}) has no charge`);
      else if (a.costMicro !== undefined && Number(b.charged) !== a.costMicro)
        problems.push(`answered request ${a.id} was told cost ${a.costMicro} but charged ${b.charged}`);
    }
  }
  return problems.slice(0, LIMIT * 2);
}

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

/** How many reservations the store holds right now (a scenario's proof that its fault left some behind). */
export async function countReservations(redisUrl: string, storePrefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    return (await scan(redis, storeKeys(storePrefix).reservations)).length;
  } finally {
    redis.disconnect();
  }
}

/** A slot key holds nothing when it is gone, a zero counter, or a set of holders whose leases all ran out. */
async function slotsHeld(redis: Redis, key: string): Promise<string | undefined> {
  const type = await redis.type(key);
  if (type === "none") return undefined;
  if (type === "string") {
    const value = await redis.get(key);
    return value === null || Number(value) === 0 ? undefined : `counter ${value}`;
  }
  if (type !== "zset") return `unexpected type ${type}`;
  const live = await redis.zcount(key, `(${Date.now()}`, "+inf");
  return live === 0 ? undefined : `${live} holders with a live lease`;
}

/** Nothing held once everything has ended: no reservation, no held amount, no slot; cached balances follow the ledger. */
async function storeProblems(db: Db, redis: Redis, prefix: string): Promise<string[]> {
  const keys = storeKeys(prefix);
  const problems: string[] = [];
  const reservations = await scan(redis, keys.reservations);
  if (reservations.length)
    problems.push(`${reservations.length} reservations left, e.g. ${reservations.slice(0, 3).join(", ")}`);
  const indexed = await redis.zcard(keys.reservationIndex);
  if (indexed) problems.push(`${indexed} reservations left in ${keys.reservationIndex}`);
  for (const pattern of [keys.heldPerUser, keys.heldPerKey]) {
    const held = await scan(redis, pattern);
    const values = held.length ? await redis.mget(held) : [];
    held.forEach((key, i) => {
      if (Number(values[i] ?? 0) !== 0) problems.push(`${key} still holds ${values[i]}`);
    });
  }
  for (const key of await scan(redis, keys.slots)) {
    const held = await slotsHeld(redis, key);
    if (held) problems.push(`${key} still holds a slot: ${held}`);
  }
  const cached = await scan(redis, keys.cachedBalances);
  if (cached.length) {
    const values = await redis.mget(cached);
    const ids = cached.map((key) => key.slice(keys.cachedBalancePrefix.length));
    const rows = await db
      .select({ id: users.id, balance: users.balanceMicro })
      .from(users)
      .where(inArray(users.id, ids));
    const balances = new Map(rows.map((r) => [r.id, r.balance]));
    ids.forEach((id, i) => {
      if (Number(values[i]) !== balances.get(id))
        problems.push(`cached balance of ${id} is ${values[i]}, the database says ${balances.get(id)}`);
    });
  }
  return problems.slice(0, LIMIT * 2);
}

/**
 * The money invariants after a fault, polled until they hold or `waitMs` runs out: the ledger is clean,
 * every answered request is charged exactly once at its cost, and the store holds nothing for finished requests.
 */
export async function moneyCheck(options: MoneyCheckOptions): Promise<void> {
  const handle = await openDb({ databaseUrl: options.databaseUrl, dataDir: "/nonexistent" });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    const deadline = Date.now() + (options.waitMs ?? 10_000);
    let problems: string[];
    for (;;) {
      problems = [
        ...(await ledgerProblems(handle.db)),
        ...(await chargeProblems(handle.db, options.answered ?? [])),
        ...(await storeProblems(handle.db, redis, options.storePrefix)),
      ];
      if (problems.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(problems, `money problems after ${options.waitMs ?? 10_000} ms`).toEqual([]);
  } finally {
    redis.disconnect();
    await handle.close();
  }
}
