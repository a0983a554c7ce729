import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledger, users } from "../db/schema";
import { checkLedger } from "../services/billing/check-ledger";
import { addCredits } from "../services/credits/add-credits";
import { createUser } from "../services/users/create-user";
import { databaseKinds, uniqueEmail } from "../testing/databases";
import { ChargeQueue } from "./charges";
import { bookCharges, type Charge } from "./ledger";
import { MemoryMeter } from "./memory-meter";
import { databaseMeterSource } from "./source";

describe.each(databaseKinds)("bookCharges on %s", (_kind, open) => {
  let handle: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
    handle = await open();
  });
  afterAll(() => handle.cleanup());

  it("books a batch once, with the balance after each row, whatever the retries and duplicates", async () => {
    const a = await createUser(handle.db, { email: uniqueEmail() });
    const b = await createUser(handle.db, { email: uniqueEmail() });
    await addCredits(handle.db, { userId: a.id, amountMicro: 1_000_000, kind: "adjustment" });
    await addCredits(handle.db, { userId: b.id, amountMicro: 500_000, kind: "adjustment" });
    const charge = (userId: string, n: number, cost: number): Charge => ({
      requestId: `req_${userId}_${n}`,
      userId,
      keyId: "key_x",
      costMicro: cost,
      priceId: 1,
      note: "test",
    });
    const batch = [charge(a.id, 1, 100), charge(b.id, 1, 50), charge(a.id, 2, 200), charge(a.id, 2, 200), charge(a.id, 3, 0)];
    await bookCharges(handle.db, batch);
    await bookCharges(handle.db, batch);

    const rowsA = await handle.db.select().from(ledger).where(eq(ledger.userId, a.id)).orderBy(ledger.id);
    expect(rowsA.map((r) => [r.amountMicro, r.balanceAfterMicro])).toEqual([
      [1_000_000, 1_000_000],
      [-100, 999_900],
      [-200, 999_700],
    ]);
    const [userA] = await handle.db.select().from(users).where(eq(users.id, a.id));
    expect(userA!.balanceMicro).toBe(999_700);
    const [userB] = await handle.db.select().from(users).where(eq(users.id, b.id));
    expect(userB!.balanceMicro).toBe(499_950);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });
});

describe("the charge queue", () => {
  let handle: Awaited<ReturnType<(typeof databaseKinds)[0][1]>>;
  beforeAll(async () => {
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
    handle = await databaseKinds[0]![1]();
  });
  afterAll(() => handle.cleanup());

  async function fundedUser() {
    const user = await createUser(handle.db, { email: uniqueEmail() });
    await addCredits(handle.db, { userId: user.id, amountMicro: 1_000_000, kind: "adjustment" });
    return user;
  }
  const charge = (userId: string, cost = 100): Charge => ({ requestId: `req_${crypto.randomUUID()}`, userId, keyId: "key_q", costMicro: cost, priceId: 1, note: "t" });
  const chargedRefs = async (userId: string) =>
    (await handle.db.select().from(ledger).where(eq(ledger.userId, userId))).filter((r) => r.kind === "charge").map((r) => r.reference);

  it("keeps booking after the meter fails to settle, and settles the booked charges once it answers", async () => {
    const user = await fundedUser();
    const meter = new MemoryMeter(databaseMeterSource(async () => handle.db));
    let failSettles = 3;
    const settle = meter.settle.bind(meter);
    meter.settle = (id, cost) => (failSettles-- > 0 ? Promise.reject(new Error("store down")) : settle(id, cost));
    const queue = new ChargeQueue(async () => handle.db, meter);
    const first = [charge(user.id), charge(user.id)];
    for (const c of first) {
      await meter.reserve({ id: c.requestId, userId: user.id, keyId: c.keyId, amountMicro: 500 });
      queue.enqueue(c);
    }
    await queue.flush();
    // Booked, not yet settled: the queue reports it and keeps the charges.
    expect(await chargedRefs(user.id)).toHaveLength(2);
    expect(queue.backlog().waiting).toBe(2);
    expect(queue.has(first[0]!.requestId)).toBe(true);

    const later = charge(user.id);
    await meter.reserve({ id: later.requestId, userId: user.id, keyId: later.keyId, amountMicro: 500 });
    queue.enqueue(later);
    expect(await queue.drain(10_000)).toBe(true);
    expect((await chargedRefs(user.id)).sort()).toEqual([...first, later].map((c) => c.requestId).sort());
    expect(await meter.expired(Infinity)).toEqual([]);
    expect(await meter.available(user.id)).toBe(1_000_000 - 300);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });

  it("retries booking while the database fails, and reports how old the oldest waiting charge is", async () => {
    const user = await fundedUser();
    let dbDown = true;
    const queue = new ChargeQueue(async () => {
      if (dbDown) throw new Error("database down");
      return handle.db;
    }, new MemoryMeter(databaseMeterSource(async () => handle.db)));
    queue.enqueue(charge(user.id, 250));
    await queue.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(queue.backlog().waiting).toBe(1);
    expect(queue.backlog().oldestMs).toBeGreaterThanOrEqual(50);
    dbDown = false;
    expect(await queue.drain(10_000)).toBe(true);
    expect(queue.backlog()).toEqual({ waiting: 0, oldestMs: 0 });
    expect(await chargedRefs(user.id)).toHaveLength(1);
  });

  it("books the charges queued while the database fails after the backoff, not with a new attempt for each", async () => {
    const user = await fundedUser();
    let attempts = 0;
    let dbDown = true;
    const queue = new ChargeQueue(async () => {
      attempts++;
      if (dbDown) throw new Error("database down");
      return handle.db;
    }, new MemoryMeter(databaseMeterSource(async () => handle.db)));
    // The 500th charge fills a batch and starts its booking; another full batch and more come while it fails.
    const charges = Array.from({ length: 1_100 }, () => charge(user.id, 1));
    for (const c of charges) queue.enqueue(c);
    await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toBe(1);
    expect(queue.backlog().waiting).toBe(1_100);
    dbDown = false;
    expect(await queue.drain(10_000)).toBe(true);
    expect(await chargedRefs(user.id)).toHaveLength(1_100);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });
});
