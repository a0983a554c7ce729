import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledger } from "../db/schema";
import { checkLedger } from "../services/billing/check-ledger";
import { addCredits } from "../services/credits/add-credits";
import { createUser } from "../services/users/create-user";
import { databaseKinds, uniqueEmail } from "../testing/databases";
import { ChargeQueue } from "./charges";
import { ChargeJournal } from "./journal";
import { MemoryMeter } from "./memory-meter";
import { databaseMeterSource } from "./source";
import { sweepReservations } from "./sweeper";

describe("the in-process meter's charge journal", () => {
  let handle: Awaited<ReturnType<(typeof databaseKinds)[0][1]>>;
  const dataDir = mkdtempSync(path.join(tmpdir(), "xrouter-journal-"));
  beforeAll(async () => {
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
    handle = await databaseKinds[0]![1]();
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await handle.cleanup();
  });

  const start = () => {
    const journal = ChargeJournal.open(dataDir)!;
    const meter = new MemoryMeter(databaseMeterSource(async () => handle.db), { journal });
    return { journal, meter, queue: new ChargeQueue(async () => handle.db, meter) };
  };

  it("books after a crash what was answered or delivered before it, exactly once, and nothing else", async () => {
    const user = await createUser(handle.db, { email: uniqueEmail() });
    await addCredits(handle.db, { userId: user.id, amountMicro: 1_000_000, kind: "adjustment" });
    const ids = ["answered", "streaming", "unanswered", "booked"].map((name) => `req_${name}_${crypto.randomUUID()}`);
    const [answered, streaming, unanswered, booked] = ids as [string, string, string, string];

    const before = start();
    for (const id of ids) await before.meter.reserve({ id, userId: user.id, keyId: "key_j", amountMicro: 10_000 });
    await before.meter.mark(answered, { costMicro: 700, priceId: 1, note: "m" }, true).applied;
    await before.meter.mark(streaming, { costMicro: 100, priceId: 1, note: "m" }, false).applied;
    await before.meter.mark(streaming, { costMicro: 250, priceId: 1, note: "m" }, false).applied;
    await before.meter.mark(booked, { costMicro: 40, priceId: 1, note: "m" }, true).applied;
    before.queue.enqueue({ requestId: booked, userId: user.id, keyId: "key_j", costMicro: 40, priceId: 1, note: "m" });
    expect(await before.queue.drain(5_000)).toBe(true);
    await before.journal.written();
    // kill -9: nothing is flushed or closed. The next process on the data folder takes the journal over.
    const after = start();
    expect([...after.journal.recovered.keys()].sort()).toEqual([answered, streaming].sort());
    expect(await sweepReservations(handle.db, after.meter, after.queue)).toBe(2);
    await after.journal.close();
    expect(start().journal.recovered.size).toBe(0);

    const charges = (await handle.db.select().from(ledger).where(eq(ledger.userId, user.id))).filter((r) => r.kind === "charge");
    expect(new Map(charges.map((c) => [c.reference, -c.amountMicro]))).toEqual(
      new Map([
        [answered, 700],
        [streaming, 250],
        [booked, 40],
      ]),
    );
    expect(charges.map((c) => c.reference)).not.toContain(unanswered);
    expect((await checkLedger(handle.db)).problems).toEqual([]);
  });

  it("is left alone by a second live process on the same data folder", async () => {
    const { writeFileSync } = await import("node:fs");
    const other = mkdtempSync(path.join(tmpdir(), "xrouter-journal-"));
    writeFileSync(path.join(other, "charges.journal.lock"), String(process.ppid));
    expect(ChargeJournal.open(other)).toBeUndefined();
    rmSync(other, { recursive: true, force: true });
  });
});
