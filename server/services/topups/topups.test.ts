import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import type { DbHandle } from "../../db";
import { ledger, topups, users } from "../../db/schema";
import { createLogger } from "../../logging/logger";
import { createYooKassaClient } from "../../payments/yookassa/client";
import {
  type RunningYooKassaEmulator,
  startYooKassaEmulator,
  YOOKASSA_EMULATOR_DEFAULT_SHOP,
} from "../../payments/yookassa/emulator";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { applyPayment } from "./apply-payment";
import { createTopup, TopupInputError, TopupProviderError } from "./create-topup";
import type { TopupDeps } from "./deps";
import { handleNotification, type NotificationResult, parseNotification } from "./handle-notification";
import { listTopups } from "./list-topups";
import { reconcilePending } from "./reconcile-pending";
import { refreshTopup } from "./refresh-topup";

const RUB = 1_000_000;
const shop = YOOKASSA_EMULATOR_DEFAULT_SHOP;

let handle: DbHandle;
let emu: RunningYooKassaEmulator;
let deps: TopupDeps;
let receiver: Server;
let webhookUrl: string;
const inFlight = new Set<Promise<unknown>>();
const results: NotificationResult[] = [];

/** The webhook route's behaviour over real HTTP: 400 for garbage, 200 at once, then process by re-fetching. */
function startReceiver(): Promise<void> {
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const notification = parseNotification(raw);
      if (!notification) return void res.writeHead(400).end();
      res.writeHead(200).end();
      const work = handleNotification(deps, notification).then((r) => void results.push(r));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    });
  });
  return new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
}

async function idle() {
  await emu.settle();
  while (inFlight.size) await Promise.all([...inFlight]);
}

beforeAll(async () => {
  handle = await openTrpcTestDb();
  await startReceiver();
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/payments/yookassa/webhook`;
  emu = await startYooKassaEmulator({ webhookUrl, webhookTimeScale: 0.001 });
  deps = {
    db: handle.db,
    payments: createYooKassaClient(
      { shopId: shop.shopId, secretKey: shop.secretKey, apiUrl: emu.apiUrl },
      { retryDelayMs: 5 },
    ),
    log: createLogger("silent"),
  };
});

afterAll(async () => {
  await emu.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

async function newUser() {
  return (await createTestUser(handle)).user;
}

async function topupRow(id: string) {
  const [row] = await handle.db.select().from(topups).where(eq(topups.id, id));
  return row!;
}

async function balance(userId: string) {
  const [row] = await handle.db.select({ b: users.balanceMicro }).from(users).where(eq(users.id, userId));
  return row!.b;
}

async function topupLedger(userId: string) {
  return handle.db
    .select()
    .from(ledger)
    .where(and(eq(ledger.userId, userId), eq(ledger.kind, "topup")));
}

async function startTopup(userId: string, rub = 1000) {
  const { topup, confirmationUrl } = await createTopup(deps, {
    userId,
    amountMicro: rub * RUB,
    returnUrlBase: "http://portal.test",
  });
  return { ...(await topupRow(topup.id)), confirmationUrl };
}

describe("createTopup", () => {
  it("stores the top-up with its key first, then creates the payment from stored fields", async () => {
    const user = await newUser();
    const t = await startTopup(user.id, 500);
    expect(t.id).toMatch(/^top_/);
    expect(t.idempotenceKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(t).toMatchObject({ status: "pending", test: true, amountMicro: 500 * RUB });
    expect(t.confirmationUrl).toBe(`${emu.url}/checkout/${t.paymentId}`);
    expect(emu.payment(t.paymentId!)).toMatchObject({
      amount: { value: "500.00", currency: "RUB" },
      metadata: { topup_id: t.id },
      status: "pending",
    });
    expect(emu.payment(t.paymentId!)!.description).toContain(t.id);
  });

  it("refuses amounts below 100 ₽, above 100 000 ₽ or with fractions of a kopeck", async () => {
    const user = await newUser();
    const attempt = (amountMicro: number) =>
      createTopup(deps, { userId: user.id, amountMicro, returnUrlBase: "http://portal.test" }).catch(
        (e: unknown) => (e as TopupInputError).code,
      );
    expect(await attempt(99_990_000)).toBe("amount_too_small");
    expect(await attempt(100_000 * RUB + 10_000)).toBe("amount_too_large");
    expect(await attempt(100 * RUB + 5_000)).toBe("amount_not_kopecks");
    expect((await startTopup(user.id, 100)).status).toBe("pending");
    expect(
      (await createTopup(deps, { userId: user.id, amountMicro: 100_000 * RUB, returnUrlBase: "http://p" })).topup
        .status,
    ).toBe("pending");
    expect(await listTopups(handle.db, user.id)).toHaveLength(2);
  });

  it("a 500 after YooKassa created the payment is retried with the same key: one payment", async () => {
    const user = await newUser();
    emu.injectFault({ method: "POST", path: "/v3/payments", status: 500, afterProcessing: true });
    const t = await startTopup(user.id);
    expect(t.status).toBe("pending");
    expect(emu.payments().filter((p) => (p.metadata as Record<string, string>).topup_id === t.id)).toHaveLength(1);
    const posts = emu.calls.filter((c) => c.method === "POST" && c.idempotenceKey === t.idempotenceKey);
    expect(posts.map((c) => c.status)).toEqual([500, 200]);
  });
});

describe("crediting", () => {
  it("create → pay on the checkout page → webhook → credited exactly once", async () => {
    const user = await newUser();
    // The gateway has the user's balance cached: the top-up must reach it, not only the database.
    const { meter } = getBilling();
    const warm = `req_${crypto.randomUUID()}`;
    await meter.reserve({ id: warm, userId: user.id, keyId: "k", amountMicro: 0 });
    await meter.release(warm);
    expect(await meter.available(user.id)).toBe(0);
    const t = await startTopup(user.id, 1000);
    const pay = await fetch(`${t.confirmationUrl}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card=5555555555554444",
      redirect: "manual",
    });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe(`http://portal.test/billing/topup?id=${t.id}`);
    await idle();
    expect(await topupRow(t.id)).toMatchObject({ status: "credited" });
    expect(await balance(user.id)).toBe(1000 * RUB);
    const rows = await topupLedger(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountMicro: 1000 * RUB, balanceAfterMicro: 1000 * RUB, reference: t.paymentId });
    expect(emu.deliveries.filter((d) => d.paymentId === t.paymentId).map((d) => d.status)).toEqual([200]);
    expect(await meter.available(user.id)).toBe(1000 * RUB);

    // A late duplicate changes nothing.
    expect(await emu.notify(t.paymentId!)).toBe(200);
    await idle();
    expect(await balance(user.id)).toBe(1000 * RUB);
    expect(await meter.available(user.id)).toBe(1000 * RUB);
  });

  it("5 concurrent deliveries of the same notification credit once", async () => {
    const user = await newUser();
    const t = await startTopup(user.id, 5000);
    emu.setWebhookUrl(undefined);
    try {
      emu.pay(t.paymentId!);
    } finally {
      emu.setWebhookUrl(webhookUrl);
    }
    const before = results.length;
    const statuses = await Promise.all(Array.from({ length: 5 }, () => emu.notify(t.paymentId!)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // And the same five straight into the handler, in parallel.
    const direct = await Promise.all(
      Array.from({ length: 5 }, () =>
        handleNotification(deps, { type: "notification", event: "payment.succeeded", object: { id: t.paymentId! } }),
      ),
    );
    await idle();
    const all = [...results.slice(before), ...direct];
    expect(all.filter((r) => r.result === "credited")).toHaveLength(1);
    expect(all.filter((r) => r.result === "already_credited")).toHaveLength(9);
    expect(await balance(user.id)).toBe(5000 * RUB);
    expect(await topupLedger(user.id)).toHaveLength(1);
  });

  it("the return-page refresh racing the webhook credits once", async () => {
    const user = await newUser();
    const t = await startTopup(user.id, 700);
    emu.pay(t.paymentId!); // the webhook goes out now…
    const views = await Promise.all(
      Array.from({ length: 4 }, () => refreshTopup(deps, { userId: user.id, topupId: t.id })),
    ); // …while the page refreshes
    await idle();
    expect(views.some((v) => v?.status === "credited")).toBe(true);
    expect(await topupRow(t.id)).toMatchObject({ status: "credited" });
    expect(await balance(user.id)).toBe(700 * RUB);
    expect(await topupLedger(user.id)).toHaveLength(1);
    const view = await refreshTopup(deps, { userId: user.id, topupId: t.id });
    expect(view).toMatchObject({ status: "credited", amountMicro: 700 * RUB, balanceMicro: 700 * RUB });
  });

  it("refreshTopup is scoped to the owner", async () => {
    const owner = await newUser();
    const other = await newUser();
    const t = await startTopup(owner.id);
    expect(await refreshTopup(deps, { userId: other.id, topupId: t.id })).toBeUndefined();
    expect(await refreshTopup(deps, { userId: owner.id, topupId: "top_unknown" })).toBeUndefined();
    expect(await listTopups(handle.db, other.id)).toEqual([]);
    expect((await listTopups(handle.db, owner.id)).map((v) => v.id)).toEqual([t.id]);
    expect(await listTopups(handle.db, owner.id)).not.toHaveProperty("0.idempotenceKey");
  });
});

describe("forged and foreign notifications", () => {
  const forged = (id: string, overrides: Record<string, unknown> = {}) => ({
    type: "notification",
    event: "payment.succeeded",
    object: {
      id,
      status: "succeeded",
      paid: true,
      amount: { value: "1000.00", currency: "RUB" },
      test: true,
      ...overrides,
    },
  });

  it("a body that claims succeeded while the API says pending credits nothing", async () => {
    const user = await newUser();
    const t = await startTopup(user.id);
    expect(await emu.deliver(forged(t.paymentId!, { metadata: { topup_id: t.id } }))).toBe(200);
    await idle();
    expect(await topupRow(t.id)).toMatchObject({ status: "pending" });
    expect(await balance(user.id)).toBe(0);
  });

  it("a body claiming a bigger amount credits only the real, stored amount", async () => {
    const user = await newUser();
    const t = await startTopup(user.id, 1000);
    emu.setWebhookUrl(undefined);
    emu.pay(t.paymentId!);
    emu.setWebhookUrl(webhookUrl);
    await emu.deliver(forged(t.paymentId!, { amount: { value: "100000.00", currency: "RUB" } }));
    await idle();
    expect(await balance(user.id)).toBe(1000 * RUB);
  });

  it("a succeeded payment whose amount differs from the stored one is not credited", async () => {
    const user = await newUser();
    const t = await startTopup(user.id, 1000);
    await handle.db
      .update(topups)
      .set({ amountMicro: 2000 * RUB })
      .where(eq(topups.id, t.id));
    emu.pay(t.paymentId!);
    await idle();
    const result = await applyPayment(deps, await deps.payments.getPayment(t.paymentId!));
    expect(result).toMatchObject({ result: "rejected" });
    expect((result as { reason: string }).reason).toMatch(/amount/);
    expect(await topupRow(t.id)).toMatchObject({ status: "pending" });
    expect(await balance(user.id)).toBe(0);
  });

  it("a paid payment that names another top-up in its metadata credits nothing", async () => {
    const victim = await newUser();
    const t = await startTopup(victim.id, 1000);
    // A payment of the same shop that is not the one stored on the top-up, carrying its id and amount.
    const foreign = await deps.payments.createPayment(
      {
        amount: { value: "1000.00", currency: "RUB" },
        capture: true,
        confirmation: { type: "redirect", return_url: "http://elsewhere.test/" },
        description: "not ours",
        metadata: { topup_id: t.id },
      },
      crypto.randomUUID(),
    );
    emu.pay(foreign.id);
    await idle();
    expect(results.at(-1)).toEqual({ result: "unknown_payment", paymentId: foreign.id });
    expect(await emu.deliver(forged(foreign.id, { metadata: { topup_id: t.id } }))).toBe(200);
    await idle();
    expect(await topupRow(t.id)).toMatchObject({ status: "pending" });
    expect(await balance(victim.id)).toBe(0);
  });

  it("a test payment is not credited by a client configured for a live shop", async () => {
    const user = await newUser();
    const t = await startTopup(user.id);
    emu.setWebhookUrl(undefined);
    emu.pay(t.paymentId!);
    emu.setWebhookUrl(webhookUrl);
    const live = createYooKassaClient({
      shopId: shop.shopId,
      secretKey: shop.secretKey,
      apiUrl: emu.apiUrl,
      test: false,
    });
    const result = await applyPayment({ ...deps, payments: live }, await live.getPayment(t.paymentId!));
    expect(result).toMatchObject({ result: "rejected" });
    expect(await balance(user.id)).toBe(0);
  });

  it("unknown ids are acknowledged and ignored; garbage gets 400", async () => {
    expect(await emu.deliver(forged("00000000-000f-5000-8000-000000000000"))).toBe(200);
    await idle();
    expect(results.at(-1)).toMatchObject({ result: "ignored" });
    expect(await emu.deliver({ type: "notification", event: "refund.succeeded", object: { id: "x" } })).toBe(200);
    expect(await emu.deliver("not json")).toBe(400);
    expect(await emu.deliver({ event: "payment.succeeded" })).toBe(400);
    expect(await emu.deliver({ type: "notification", event: "payment.succeeded", object: {} })).toBe(400);
    await idle();
  });
});

describe("canceled payments", () => {
  it("a declined card marks the top-up canceled with the reason", async () => {
    const user = await newUser();
    const t = await startTopup(user.id);
    emu.pay(t.paymentId!, "5555555555554600");
    await idle();
    expect(await topupRow(t.id)).toMatchObject({ status: "canceled", cancellationReason: "insufficient_funds" });
    expect(await balance(user.id)).toBe(0);
  });

  it("an abandoned payment (Cancel on the checkout page) is canceled with expired_on_confirmation", async () => {
    const user = await newUser();
    const t = await startTopup(user.id);
    const res = await fetch(`${t.confirmationUrl}/cancel`, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(303);
    await idle();
    expect(await refreshTopup(deps, { userId: user.id, topupId: t.id })).toMatchObject({
      status: "canceled",
      cancellationReason: "expired_on_confirmation",
    });
  });
});

describe("reconcilePending", () => {
  it("settles pending top-ups whose webhook never came", async () => {
    const user = await newUser();
    const paid = await startTopup(user.id, 300);
    const declined = await startTopup(user.id, 400);
    const untouched = await startTopup(user.id, 500);
    emu.setWebhookUrl(undefined);
    emu.pay(paid.paymentId!);
    emu.pay(declined.paymentId!, "4562265587712390");
    emu.setWebhookUrl(webhookUrl);
    await handle.db
      .update(topups)
      .set({ createdAt: sql`now() - interval '30 minutes'` })
      .where(eq(topups.userId, user.id));
    const report = await reconcilePending(deps, { olderThanMinutes: 10 });
    expect(report.credited).toBeGreaterThanOrEqual(1);
    expect(await topupRow(paid.id)).toMatchObject({ status: "credited" });
    expect(await topupRow(declined.id)).toMatchObject({ status: "canceled", cancellationReason: "insufficient_funds" });
    expect(await topupRow(untouched.id)).toMatchObject({ status: "pending" });
    expect(await balance(user.id)).toBe(300 * RUB);
    await reconcilePending(deps, { olderThanMinutes: 10 });
    expect(await balance(user.id)).toBe(300 * RUB);
  });

  it("finds the payment of a top-up whose create answer was lost, and cancels one that was never created", async () => {
    const user = await newUser();
    emu.injectFault({ method: "POST", path: "/v3/payments", status: 500, afterProcessing: true, times: 3 });
    const lost = await createTopup(deps, { userId: user.id, amountMicro: 200 * RUB, returnUrlBase: "http://p" }).catch(
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(TopupProviderError);
    emu.injectFault({ method: "POST", path: "/v3/payments", status: 500, times: 3 });
    await createTopup(deps, { userId: user.id, amountMicro: 250 * RUB, returnUrlBase: "http://p" }).catch(
      () => undefined,
    );
    const rows = await handle.db.select().from(topups).where(eq(topups.userId, user.id));
    expect(rows.map((r) => r.status)).toEqual(["new", "new"]);
    await reconcilePending(deps, { staleNewAfterMinutes: 0 });
    const byAmount = new Map(
      (await handle.db.select().from(topups).where(eq(topups.userId, user.id))).map((r) => [r.amountMicro / RUB, r]),
    );
    expect(byAmount.get(200)).toMatchObject({ status: "pending" });
    expect(byAmount.get(200)!.paymentId).toBeTruthy();
    expect(byAmount.get(250)).toMatchObject({ status: "canceled", cancellationReason: "not_created" });
  });

  it("expires a checkout still pending after a day, and credits it if YooKassa reports it paid after all", async () => {
    const user = await newUser();
    const abandoned = await startTopup(user.id, 300);
    const recent = await startTopup(user.id, 400);
    const backdate = (id: string, age: string) =>
      handle.db.update(topups).set({ createdAt: sql`now() - ${age}::interval` }).where(eq(topups.id, id));
    await backdate(abandoned.id, "25 hours");
    await backdate(recent.id, "30 minutes");
    const report = await reconcilePending(deps, { olderThanMinutes: 10 });
    expect(report.expired).toBe(1);
    expect(await topupRow(abandoned.id)).toMatchObject({ status: "canceled", cancellationReason: "expired" });
    expect(await topupRow(recent.id)).toMatchObject({ status: "pending" });
    expect((await listTopups(handle.db, user.id)).find((t) => t.id === abandoned.id)).toMatchObject({ status: "canceled", cancellationReason: "expired" });

    emu.setWebhookUrl(undefined);
    emu.pay(abandoned.paymentId!);
    emu.setWebhookUrl(webhookUrl);
    await applyPayment(deps, await deps.payments.getPayment(abandoned.paymentId!));
    expect(await topupRow(abandoned.id)).toMatchObject({ status: "credited", cancellationReason: null });
    expect(await balance(user.id)).toBe(300 * RUB);
  });
});
