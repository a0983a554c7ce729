import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { mailOutbox, users } from "../../db/schema";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { checkLowBalance } from "./low-balance";
import { setLowBalanceThreshold } from "./low-balance-threshold";
import { bookTestRow } from "./statement-test-helpers";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const RUB = 1_000_000;
const check = (ids: string[]) => checkLowBalance(handle.db, ids, { baseUrl: "https://xrouter.test" });
const mailsTo = (email: string) => handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
const markOf = async (id: string) =>
  (await handle.db.select({ at: users.lowBalanceNotifiedAt }).from(users).where(eq(users.id, id)))[0]!.at;

describe("checkLowBalance", () => {
  it("mails once when the balance falls below the threshold, again only after it was back above", async () => {
    const { user } = await createTestUser(handle);
    await bookTestRow(handle.db, { userId: user.id, kind: "topup", amountMicro: 20 * RUB });
    await setLowBalanceThreshold(handle.db, user.id, 10 * RUB);

    expect(await check([user.id])).toEqual([]); // 20 ≥ 10
    await bookTestRow(handle.db, { userId: user.id, kind: "charge", amountMicro: -12 * RUB });
    expect(await check([user.id, user.id])).toEqual([user.id]); // 8 < 10
    expect(await markOf(user.id)).not.toBeNull();
    const [mail] = await mailsTo(user.email);
    expect(mail!.subject).toBe("XRouter: баланс ниже 10,00\u00a0₽");
    expect(mail!.text).toContain("8,00\u00a0₽");
    expect(mail!.text).toContain("https://xrouter.test/billing");

    await bookTestRow(handle.db, { userId: user.id, kind: "charge", amountMicro: -1 * RUB });
    expect(await check([user.id])).toEqual([]); // still below, already told
    expect(await mailsTo(user.email)).toHaveLength(1);

    // Back above (nobody checked in between), then below again in one go: warned again.
    await bookTestRow(handle.db, { userId: user.id, kind: "promo", amountMicro: 50 * RUB });
    await bookTestRow(handle.db, { userId: user.id, kind: "charge", amountMicro: -55 * RUB });
    expect(await check([user.id])).toEqual([user.id]);
    expect(await mailsTo(user.email)).toHaveLength(2);

    // Above at check time: the mark is cleared.
    await bookTestRow(handle.db, { userId: user.id, kind: "topup", amountMicro: 100 * RUB });
    expect(await check([user.id])).toEqual([]);
    expect(await markOf(user.id)).toBeNull();
  });

  it("mails nobody without a threshold, and only the users asked about", async () => {
    const { user: off } = await createTestUser(handle);
    const { user: low } = await createTestUser(handle);
    await setLowBalanceThreshold(handle.db, low.id, 5 * RUB);
    expect(await check([off.id])).toEqual([]);
    expect(await mailsTo(off.email)).toHaveLength(0);
    expect(await mailsTo(low.email)).toHaveLength(0);
    expect(await check([])).toEqual([]);
  });

  it("mails once when several instances check at the same time", async () => {
    const { user } = await createTestUser(handle);
    await setLowBalanceThreshold(handle.db, user.id, 1 * RUB);
    const results = await Promise.all(Array.from({ length: 8 }, () => check([user.id])));
    expect(results.flat()).toEqual([user.id]);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });

  it("writes English mail for English-speaking users", async () => {
    const { user } = await createTestUser(handle);
    await handle.db.update(users).set({ locale: "en" }).where(eq(users.id, user.id));
    await setLowBalanceThreshold(handle.db, user.id, 3 * RUB);
    await check([user.id]);
    expect((await mailsTo(user.email))[0]!.subject).toBe("XRouter: balance below 3.00\u00a0₽");
  });
});
