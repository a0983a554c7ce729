import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ledger } from "../db/schema";
import { checkLedger } from "../services/billing/check-ledger";
import { addCredits } from "../services/credits/add-credits";
import { createUser } from "../services/users/create-user";
import { leaseSettings } from "../store/leases";
import { databaseKinds, uniqueEmail } from "../testing/databases";
import { ChargeQueue } from "./charges";
import { RedisMeter } from "./redis-meter";
import { databaseMeterSource } from "./source";
import { sweepReservations } from "./sweeper";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("sweeping the reservations of a stopped instance", () => {
  let handle: Awaited<ReturnType<(typeof databaseKinds)[0][1]>>;
  const saved = { ...leaseSettings };
  const clients: Redis[] = [];
  beforeAll(async () => {
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
    handle = await databaseKinds[0]![1]();
    Object.assign(leaseSettings, { leaseMs: 300, renewEveryMs: 100 });
  });
  afterAll(async () => {
    Object.assign(leaseSettings, saved);
    clients.forEach((c) => c.disconnect());
    await handle.cleanup();
  });

  const meterOn = (prefix: string) => {
    const redis = new Redis(inject("testRedisUrl"), { maxRetriesPerRequest: 0 });
    clients.push(redis);
    return { redis, meter: new RedisMeter(redis, databaseMeterSource(async () => handle.db), prefix) };
  };

  it("books what each reservation recorded, once, frees the rest, and leaves the live instance's alone", async () => {
    const prefix = `xr-test:${crypto.randomUUID()}:meter:`;
    const user = await createUser(handle.db, { email: uniqueEmail() });
    await addCredits(handle.db, { userId: user.id, amountMicro: 1_000_000, kind: "adjustment" });
    const dead = meterOn(prefix);
    const live = meterOn(prefix);
    const reserve = (meter: RedisMeter, id: string) => meter.reserve({ id, userId: user.id, keyId: "key_s", amountMicro: 50_000 });
    const [answered, streaming, unanswered, alive] = ["req_answered", "req_streaming", "req_none", "req_alive"].map((id) => `${id}_${crypto.randomUUID()}`);
    for (const id of [answered, streaming, unanswered]) await reserve(dead.meter, id!);
    await dead.meter.mark(answered!, { costMicro: 1_200, priceId: 1, note: "m" }, true).applied;
    await dead.meter.mark(streaming!, { costMicro: 300, priceId: 1, note: "m" }, false).applied;
    await reserve(live.meter, alive!);
    // kill -9: the dead instance renews nothing from now on.
    dead.redis.disconnect();

    const queue = new ChargeQueue(async () => handle.db, live.meter);
    expect(await sweepReservations(handle.db, live.meter, queue)).toBe(0);
    await sleep(leaseSettings.leaseMs + 200);
    expect(await sweepReservations(handle.db, live.meter, queue)).toBe(3);
    expect(await sweepReservations(handle.db, live.meter, queue)).toBe(0);

    const charges = await handle.db.select().from(ledger).where(eq(ledger.userId, user.id));
    const byRef = new Map(charges.filter((c) => c.kind === "charge").map((c) => [c.reference, -c.amountMicro]));
    expect(byRef).toEqual(new Map([[answered, 1_200], [streaming, 300]]));
    // Only the live instance's hold is left: the balance less what was booked less that hold.
    expect(await live.meter.available(user.id)).toBe(1_000_000 - 1_500 - 50_000);
    expect(await live.meter.settle(alive!, 0)).toBe(true);
    expect(await live.meter.available(user.id)).toBe(1_000_000 - 1_500);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });
});
