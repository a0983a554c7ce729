import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import { onChargesBooked } from "../../billing/hooks";
import { getDb } from "../../db";
import { mailOutbox, users } from "../../db/schema";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { setLowBalanceThreshold } from "./low-balance-threshold";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi(); // boots the runtime, which registers the low-balance check
});
afterAll(() => api.close());

const ask = (key: string) =>
  fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gigachat/GigaChat-2-Max", max_tokens: 20, messages: [{ role: "user", content: "hi" }] }),
  });

describe("the low-balance hook on booked charges", () => {
  it("runs after a charge is booked, with the users charged", async () => {
    const { key, userId } = await createTestKey();
    const seen: string[][] = [];
    const remove = onChargesBooked(async (_db, userIds) => void seen.push(userIds));
    try {
      expect((await ask(key)).status).toBe(200);
      expect(seen).toEqual([]);
      await getBilling().charges.flush();
      expect(seen.flat()).toContain(userId);
    } finally {
      remove();
    }
  });

  it("mails a user whose charge took the balance below their threshold", async () => {
    const { key, userId } = await createTestKey({ creditRub: 1 });
    const db = await getDb();
    await setLowBalanceThreshold(db, userId, 999_999);
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, user!.email))).toHaveLength(0);

    expect((await ask(key)).status).toBe(200);
    await getBilling().charges.flush();
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, user!.email));
    expect(mails).toHaveLength(1);
  });
});
