import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createYooKassaClient, YooKassaApiError, YooKassaNetworkError } from "./client";
import { type RunningYooKassaEmulator, startYooKassaEmulator, YOOKASSA_EMULATOR_DEFAULT_SHOP } from "./emulator";
import type { CreatePaymentRequest } from "./types";

let emu: RunningYooKassaEmulator;
const fast = { retryDelayMs: 5, maxRetryDelayMs: 20 };
const shop = YOOKASSA_EMULATOR_DEFAULT_SHOP;

beforeAll(async () => {
  emu = await startYooKassaEmulator();
});
afterAll(() => emu.close());

const body = (topupId: string): CreatePaymentRequest => ({
  amount: { value: "1000.00", currency: "RUB" },
  capture: true,
  confirmation: { type: "redirect", return_url: `https://x.example/billing/topup?id=${topupId}` },
  description: `Пополнение ${topupId}`,
  metadata: { topup_id: topupId },
});

const client = () => createYooKassaClient({ shopId: shop.shopId, secretKey: shop.secretKey, apiUrl: emu.apiUrl }, fast);
const countFor = (topupId: string) =>
  emu.payments().filter((p) => (p.metadata as Record<string, string>).topup_id === topupId).length;

describe("YooKassa client against the emulator", () => {
  it("creates and fetches a payment", async () => {
    const created = await client().createPayment(body("top_a"), crypto.randomUUID());
    expect(created).toMatchObject({
      status: "pending",
      paid: false,
      amount: { value: "1000.00", currency: "RUB" },
      test: true,
    });
    expect(created.confirmation?.confirmation_url).toBe(`${emu.url}/checkout/${created.id}`);
    expect((await client().getPayment(created.id)).id).toBe(created.id);
    expect(await client().shopIsTest()).toBe(true);
  });

  for (const fault of [
    { status: 500 as const, afterProcessing: true },
    { status: 500 as const },
    { drop: true, afterProcessing: true },
    { status: 202 as const, retryAfterMs: 5 },
    { status: 429 as const, retryAfterMs: 5 },
  ]) {
    it(`retries ${JSON.stringify(fault)} with the same key and creates one payment`, async () => {
      const topupId = `top_${crypto.randomUUID().slice(0, 8)}`;
      const key = crypto.randomUUID();
      emu.injectFault({ method: "POST", path: "/v3/payments", ...fault });
      const before = emu.calls.length;
      const created = await client().createPayment(body(topupId), key);
      expect(created.metadata?.topup_id).toBe(topupId);
      expect(countFor(topupId)).toBe(1);
      const posts = emu.calls.slice(before).filter((c) => c.method === "POST");
      expect(posts).toHaveLength(2);
      expect(posts.every((c) => c.idempotenceKey === key)).toBe(true);
    });
  }

  it("gives up after the attempts with a retryable error", async () => {
    emu.injectFault({ method: "POST", path: "/v3/payments", status: 500, times: 3 });
    const err = await client()
      .createPayment(body("top_down"), crypto.randomUUID())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(YooKassaApiError);
    expect((err as YooKassaApiError).retryable).toBe(true);
    expect(countFor("top_down")).toBe(0);
  });

  it("turns error bodies into typed errors", async () => {
    const wrong = createYooKassaClient({ shopId: shop.shopId, secretKey: "nope", apiUrl: emu.apiUrl }, fast);
    const unauthorized = await wrong.getMe().catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ status: 401, code: "invalid_credentials", retryable: false });
    const bad = await client()
      .createPayment({ ...body("top_bad"), description: "x".repeat(129) }, crypto.randomUUID())
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(YooKassaApiError);
    expect(bad).toMatchObject({ status: 400, code: "invalid_request", parameter: "description" });
    expect((bad as YooKassaApiError).errorId).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await client()
      .getPayment("00000000-000f-5000-8000-000000000000")
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
  });

  it("reports an unreachable API as a network error", async () => {
    const dead = createYooKassaClient(
      { shopId: "1", secretKey: "s", apiUrl: "http://127.0.0.1:1/v3" },
      { ...fast, attempts: 2 },
    );
    await expect(dead.getMe()).rejects.toBeInstanceOf(YooKassaNetworkError);
  });
});

describe("YooKassa client on the wire", () => {
  it("sends Basic auth, the Idempotence-Key and byte-identical bodies on retry", async () => {
    const seen: { headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => {
        seen.push({ headers: req.headers, body: text });
        if (seen.length === 1) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ type: "error", id: "x", code: "internal_server_error" }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "2dc4a0e1-000f-5000-8000-1a2b3c4d5e6f",
            status: "pending",
            paid: false,
            amount: { value: "1000.00", currency: "RUB" },
            created_at: "2024-05-14T09:31:07.412Z",
            test: true,
            refundable: false,
            recipient: { account_id: "1", gateway_id: "2" },
            metadata: { topup_id: "top_w" },
            confirmation: { type: "redirect", confirmation_url: "https://yoomoney.ru/checkout/x" },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const c = createYooKassaClient(
        { shopId: "123456", secretKey: "test_Secret", apiUrl: `http://127.0.0.1:${port}/v3/` },
        fast,
      );
      await c.createPayment(body("top_w"), "5f0c3b7e-9a1d-4c52-8e3f-2b6a7d9e1c44");
      expect(seen).toHaveLength(2);
      expect(seen[0]!.body).toBe(seen[1]!.body);
      expect(JSON.parse(seen[0]!.body)).toEqual(body("top_w"));
      for (const s of seen) {
        expect(s.headers.authorization).toBe(`Basic ${Buffer.from("123456:test_Secret").toString("base64")}`);
        expect(s.headers["idempotence-key"]).toBe("5f0c3b7e-9a1d-4c52-8e3f-2b6a7d9e1c44");
        expect(s.headers["content-type"]).toBe("application/json");
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
