import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledger, users } from "../db/schema";
import { checkLedger } from "../services/billing/check-ledger";
import { addCredits } from "../services/credits/add-credits";
import { createUser } from "../services/users/create-user";
import { databaseKinds, uniqueEmail } from "../testing/databases";
import { bookCharges, type Charge } from "./charges";

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
