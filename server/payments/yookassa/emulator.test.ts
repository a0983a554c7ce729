import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningYooKassaEmulator, startYooKassaEmulator } from "./emulator";

const SHOP = { shopId: "100500", secretKey: "test_secretA", test: true };
const OTHER = { shopId: "200600", secretKey: "test_secretB", test: true };
const FISCAL = { shopId: "300700", secretKey: "live_secretC", test: false, fiscalization: true };

let emu: RunningYooKassaEmulator;
// Loosely typed wire bodies for assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

beforeAll(async () => {
  emu = await startYooKassaEmulator({ shops: [SHOP, OTHER, FISCAL], webhookTimeScale: 0.001 });
});
afterAll(() => emu.close());

const auth = (shop: { shopId: string; secretKey: string }) =>
  `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString("base64")}`;

async function api(
  method: string,
  path: string,
  options: { shop?: { shopId: string; secretKey: string } | null; key?: string | null; body?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (options.shop !== null) headers.authorization = auth(options.shop ?? SHOP);
  if (method === "POST") {
    headers["content-type"] = "application/json";
    if (options.key !== null) headers["idempotence-key"] = options.key ?? crypto.randomUUID();
  }
  const res = await fetch(`${emu.apiUrl}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const payment = (overrides: Record<string, unknown> = {}) => ({
  amount: { value: "500.00", currency: "RUB" },
  capture: true,
  confirmation: { type: "redirect", return_url: "https://shop.example/return?id=1" },
  description: "Top-up",
  metadata: { topup_id: "top_1" },
  ...overrides,
});

describe("authentication", () => {
  it("answers 401 invalid_credentials for a missing, malformed or wrong Basic header", async () => {
    for (const shop of [
      null,
      { shopId: SHOP.shopId, secretKey: "wrong" },
      { shopId: "999", secretKey: SHOP.secretKey },
    ]) {
      const res = await api("GET", "/me", { shop });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ type: "error", code: "invalid_credentials" });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const bearer = await fetch(`${emu.apiUrl}/me`, { headers: { authorization: "Bearer abc" } });
    expect(bearer.status).toBe(401);
  });

  it("GET /me describes the shop", async () => {
    expect((await api("GET", "/me")).body).toMatchObject({
      account_id: "100500",
      status: "enabled",
      test: true,
      fiscalization_enabled: false,
    });
    expect((await api("GET", "/me", { shop: FISCAL })).body).toMatchObject({
      account_id: "300700",
      test: false,
      fiscalization_enabled: true,
    });
  });
});

describe("Idempotence-Key", () => {
  it("is required on POST, at most 64 characters from the allowed set", async () => {
    const missing = await api("POST", "/payments", { key: null, body: payment() });
    expect(missing).toMatchObject({ status: 400, body: { code: "invalid_request", parameter: "Idempotence-Key" } });
    const long = await api("POST", "/payments", { key: "a".repeat(65), body: payment() });
    expect(long).toMatchObject({ status: 400, body: { parameter: "Idempotence-Key" } });
    expect(long.body.description).toMatch(/too long/);
    expect((await api("POST", "/payments", { key: "a".repeat(64), body: payment() })).status).toBe(200);
    expect((await api("POST", "/payments", { key: "bad key!", body: payment() })).status).toBe(400);
  });

  it("replays the same request, refuses a different body with the same key, and a new key makes a new payment", async () => {
    const key = crypto.randomUUID();
    const first = await api("POST", "/payments", { key, body: payment({ metadata: { topup_id: "idem" } }) });
    // Same parsed JSON in another key order is the same request.
    const reordered = Object.fromEntries(Object.entries(payment({ metadata: { topup_id: "idem" } })).reverse());
    const replay = await api("POST", "/payments", { key, body: reordered });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    const changed = await api("POST", "/payments", {
      key,
      body: payment({ metadata: { topup_id: "idem" }, description: "other" }),
    });
    expect(changed).toMatchObject({
      status: 400,
      body: {
        type: "error",
        code: "invalid_request",
        description: "Idempotence key duplicated",
        parameter: "Idempotence-Key",
      },
    });
    const fresh = await api("POST", "/payments", { body: payment({ metadata: { topup_id: "idem" } }) });
    expect(fresh.body.id).not.toBe(first.body.id);
    expect(emu.payments().filter((p) => (p.metadata as Record<string, string>).topup_id === "idem")).toHaveLength(2);
  });

  it("scopes keys per shop", async () => {
    const key = crypto.randomUUID();
    expect((await api("POST", "/payments", { key, body: payment() })).status).toBe(200);
    expect((await api("POST", "/payments", { key, shop: OTHER, body: payment({ description: "x" }) })).status).toBe(
      200,
    );
  });

  it("a 500 after processing is answered by the real result on replay with the same key", async () => {
    emu.injectFault({ method: "POST", path: "/v3/payments", status: 500, afterProcessing: true });
    const key = crypto.randomUUID();
    const failed = await api("POST", "/payments", { key, body: payment({ metadata: { topup_id: "fault" } }) });
    expect(failed).toMatchObject({ status: 500, body: { code: "internal_server_error" } });
    const replay = await api("POST", "/payments", { key, body: payment({ metadata: { topup_id: "fault" } }) });
    expect(replay.status).toBe(200);
    expect(emu.payments().filter((p) => (p.metadata as Record<string, string>).topup_id === "fault")).toHaveLength(1);
  });
});

describe("validation of POST /payments", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["amount without decimals", { amount: { value: "500", currency: "RUB" } }, "amount.value"],
    ["amount with three decimals", { amount: { value: "500.000", currency: "RUB" } }, "amount.value"],
    ["numeric amount", { amount: { value: 500, currency: "RUB" } }, "amount.value"],
    ["zero amount", { amount: { value: "0.00", currency: "RUB" } }, "amount.value"],
    ["unknown currency", { amount: { value: "500.00", currency: "XXX" } }, "amount.currency"],
    ["description over 128", { description: "я".repeat(129) }, "description"],
    [
      "17 metadata keys",
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
      "metadata",
    ],
    ["metadata key over 32", { metadata: { ["k".repeat(33)]: "v" } }, "metadata"],
    ["metadata value over 512", { metadata: { k: "v".repeat(513) } }, "metadata"],
    ["missing return_url", { confirmation: { type: "redirect" } }, "confirmation.return_url"],
    [
      "return_url over 2048",
      { confirmation: { type: "redirect", return_url: `https://x.example/${"a".repeat(2040)}` } },
      "confirmation.return_url",
    ],
  ];
  for (const [name, override, parameter] of cases) {
    it(`refuses ${name}`, async () => {
      const res = await api("POST", "/payments", { body: payment(override) });
      expect(res).toMatchObject({ status: 400, body: { type: "error", code: "invalid_request", parameter } });
    });
  }

  it("accepts the limits exactly and echoes metadata, {} by default", async () => {
    const ok = await api("POST", "/payments", {
      body: payment({
        description: "я".repeat(128),
        metadata: Object.fromEntries(
          Array.from({ length: 16 }, (_, i) => [`${"k".repeat(30)}${i}`.slice(-32), "v".repeat(512)]),
        ),
      }),
    });
    expect(ok.status).toBe(200);
    const { metadata: _m, ...bare } = payment();
    expect((await api("POST", "/payments", { body: bare })).body.metadata).toEqual({});
  });

  it("allows only one of payment_method_data, payment_method_id, payment_token", async () => {
    const res = await api("POST", "/payments", {
      body: payment({ payment_method_data: { type: "bank_card" }, payment_token: "t" }),
    });
    expect(res.status).toBe(400);
  });

  it("requires a valid receipt when the shop fiscalizes", async () => {
    expect(await api("POST", "/payments", { shop: FISCAL, body: payment() })).toMatchObject({
      status: 400,
      body: { parameter: "receipt" },
    });
    const item = { description: "Пополнение", quantity: 1, amount: { value: "500.00", currency: "RUB" }, vat_code: 1 };
    const noContact = await api("POST", "/payments", {
      shop: FISCAL,
      body: payment({ receipt: { customer: {}, items: [item] } }),
    });
    expect(noContact.status).toBe(400);
    const badVat = await api("POST", "/payments", {
      shop: FISCAL,
      body: payment({ receipt: { customer: { email: "a@b.ru" }, items: [{ ...item, vat_code: 13 }] } }),
    });
    expect(badVat.status).toBe(400);
    const ok = await api("POST", "/payments", {
      shop: FISCAL,
      body: payment({ receipt: { customer: { email: "a@b.ru" }, items: [item] } }),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ test: false, receipt_registration: "pending" });
  });

  it("answers 400 for a body that is not JSON", async () => {
    expect((await api("POST", "/payments", { body: "{not json" })).status).toBe(400);
  });
});

describe("payment objects and the state machine", () => {
  it("creates a pending payment with a UUID-shaped id, ms timestamps and a confirmation URL", async () => {
    const { status, body } = await api("POST", "/payments", { body: payment() });
    expect(status).toBe(200);
    expect(body.id).toMatch(/^[0-9a-f]{8}-000f-5000-[89a]000-[0-9a-f]{12}$/);
    expect(body.id).toHaveLength(36);
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body).toMatchObject({
      status: "pending",
      paid: false,
      amount: { value: "500.00", currency: "RUB" },
      refundable: false,
      test: true,
      recipient: { account_id: "100500" },
      confirmation: { type: "redirect", confirmation_url: `${emu.url}/checkout/${body.id}` },
    });
    expect(body).not.toHaveProperty("captured_at");
    expect(body).not.toHaveProperty("cancellation_details");
  });

  it("pay → succeeded with captured_at, income_amount, refundable; confirmation gone", async () => {
    const created = (await api("POST", "/payments", { body: payment() })).body;
    emu.pay(created.id as string);
    const { body } = await api("GET", `/payments/${created.id}`);
    expect(body).toMatchObject({
      status: "succeeded",
      paid: true,
      refundable: true,
      refunded_amount: { value: "0.00" },
    });
    expect(body.captured_at).toMatch(/Z$/);
    expect(body.income_amount.value).toBe("482.50");
    expect(body).not.toHaveProperty("confirmation");
    expect(body.payment_method).toMatchObject({ type: "bank_card", card: { last4: "4444", card_type: "MasterCard" } });
  });

  it("declined cards cancel with the party and reason of the test-card table", async () => {
    const created = (await api("POST", "/payments", { body: payment() })).body;
    emu.pay(created.id as string, "5555555555554600");
    expect((await api("GET", `/payments/${created.id}`)).body).toMatchObject({
      status: "canceled",
      paid: false,
      cancellation_details: { party: "payment_network", reason: "insufficient_funds" },
    });
    const abandoned = (await api("POST", "/payments", { body: payment() })).body;
    expect(emu.abandon(abandoned.id as string)).toMatchObject({
      cancellation_details: { party: "yoo_money", reason: "expired_on_confirmation" },
    });
  });

  it("capture: false waits for capture with expires_at; capture and cancel only from there", async () => {
    const created = (await api("POST", "/payments", { body: payment({ capture: false }) })).body;
    expect((await api("POST", `/payments/${created.id}/capture`, { body: {} })).status).toBe(400);
    emu.pay(created.id as string);
    const waiting = (await api("GET", `/payments/${created.id}`)).body;
    expect(waiting).toMatchObject({ status: "waiting_for_capture", paid: true });
    expect(waiting.expires_at).toMatch(/Z$/);
    const captured = await api("POST", `/payments/${created.id}/capture`, { body: {} });
    expect(captured.body).toMatchObject({ status: "succeeded" });
    expect((await api("POST", `/payments/${created.id}/cancel`, { body: {} })).status).toBe(400);

    const second = (await api("POST", "/payments", { body: payment({ capture: false }) })).body;
    emu.pay(second.id as string);
    const canceled = await api("POST", `/payments/${second.id}/cancel`, { body: {} });
    expect(canceled.body).toMatchObject({
      status: "canceled",
      cancellation_details: { party: "merchant", reason: "canceled_by_merchant" },
    });
    const third = (await api("POST", "/payments", { body: payment({ capture: false }) })).body;
    emu.pay(third.id as string);
    expect(emu.expireCapture(third.id as string)).toMatchObject({
      cancellation_details: { reason: "expired_on_capture" },
    });
  });

  it("GET of an unknown payment or another shop's is 404 not_found", async () => {
    const created = (await api("POST", "/payments", { body: payment() })).body;
    expect(await api("GET", `/payments/${created.id}`, { shop: OTHER })).toMatchObject({
      status: 404,
      body: { code: "not_found" },
    });
    expect((await api("GET", "/payments/00000000-000f-5000-8000-000000000000")).status).toBe(404);
  });
});

describe("GET /payments", () => {
  it("lists newest first with limit, cursor and filters", async () => {
    const list = await startYooKassaEmulator({ shops: [SHOP] });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${list.apiUrl}/payments`, {
          method: "POST",
          headers: {
            authorization: auth(SHOP),
            "idempotence-key": crypto.randomUUID(),
            "content-type": "application/json",
          },
          body: JSON.stringify(payment({ metadata: { n: String(i) } })),
        });
        ids.push(((await res.json()) as { id: string }).id);
      }
      list.pay(ids[1]!);
      const get = async (qs: string) =>
        (await (await fetch(`${list.apiUrl}/payments${qs}`, { headers: { authorization: auth(SHOP) } })).json()) as {
          type: string;
          items: { id: string }[];
          next_cursor?: string;
          code?: string;
        };
      const page1 = await get("?limit=2");
      expect(page1.type).toBe("list");
      expect(page1.items.map((p) => p.id)).toEqual([ids[4], ids[3]]);
      expect(page1.next_cursor).toBeTruthy();
      const page2 = await get(`?limit=2&cursor=${page1.next_cursor}`);
      expect(page2.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
      const page3 = await get(`?limit=2&cursor=${page2.next_cursor}`);
      expect(page3.items.map((p) => p.id)).toEqual([ids[0]]);
      expect(page3.next_cursor).toBeUndefined();
      expect((await get("?status=succeeded")).items.map((p) => p.id)).toEqual([ids[1]]);
      expect((await get("")).items).toHaveLength(5);
      expect(
        (await get(`?created_at.gt=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items,
      ).toHaveLength(0);
      expect((await get("?limit=101")).code).toBe("invalid_request");
    } finally {
      await list.close();
    }
  });
});

describe("webhooks", () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: { status: number; body: string }[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        const status = failuresLeft-- > 0 ? 500 : 200;
        received.push({ status, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it("posts an unsigned notification on each status change and retries non-200 on the (scaled) schedule", async () => {
    const hooked = await startYooKassaEmulator({ shops: [SHOP], webhookUrl: receiverUrl, webhookTimeScale: 0.001 });
    try {
      received.length = 0;
      failuresLeft = 2;
      const res = await fetch(`${hooked.apiUrl}/payments`, {
        method: "POST",
        headers: {
          authorization: auth(SHOP),
          "idempotence-key": crypto.randomUUID(),
          "content-type": "application/json",
        },
        body: JSON.stringify(payment()),
      });
      const { id } = (await res.json()) as { id: string };
      hooked.pay(id);
      await expect.poll(() => received.length, { timeout: 5000 }).toBe(3);
      await hooked.settle();
      expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
      const note = JSON.parse(received[2]!.body) as Json;
      expect(note).toMatchObject({
        type: "notification",
        event: "payment.succeeded",
        object: { id, status: "succeeded", paid: true },
      });
      expect(hooked.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);

      // Test hooks: duplicates and forged or malformed bodies, single deliveries.
      expect(await hooked.notify(id)).toBe(200);
      expect(await hooked.deliver({ type: "notification", event: "payment.succeeded", object: { id: "forged" } })).toBe(
        200,
      );
      expect(await hooked.deliver("garbage")).toBe(200);
      expect(received.at(-1)!.body).toBe("garbage");
    } finally {
      await hooked.close();
    }
  });
});

describe("the checkout page", () => {
  it("shows Pay and Cancel, and paying redirects to return_url with the payment succeeded", async () => {
    const created = (await api("POST", "/payments", { body: payment() })).body;
    const page = await fetch(`${emu.url}/checkout/${created.id}`);
    const html = await page.text();
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain(">Pay<");
    expect(html).toContain(">Cancel<");
    const paid = await fetch(`${emu.url}/checkout/${created.id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card=5555555555554444",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe("https://shop.example/return?id=1");
    expect(emu.payment(created.id as string)).toMatchObject({ status: "succeeded" });

    const other = (await api("POST", "/payments", { body: payment() })).body;
    const canceled = await fetch(`${emu.url}/checkout/${other.id}/cancel`, { method: "POST", redirect: "manual" });
    expect(canceled.status).toBe(303);
    expect(emu.payment(other.id as string)).toMatchObject({
      status: "canceled",
      cancellation_details: { reason: "expired_on_confirmation" },
    });
  });
});
