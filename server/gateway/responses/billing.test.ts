import { and, eq } from "drizzle-orm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { ledger, users } from "../../db/schema";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { flushRequests } from "../recorder";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const settled = () => Promise.all([getBilling().charges.flush(), flushRequests()]);

async function balanceOf(userId: string) {
  const [row] = await (await getDb()).select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
  return row!.balance;
}

const chargesOf = async (userId: string) =>
  (await getDb()).select().from(ledger).where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));

function post(key: string, path: string, body: object) {
  return fetch(`${api.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("billing of /responses", () => {
  it.each([false, true])("charges exactly what chat charges for the same exchange (stream: %s), and cost_rub matches the ledger", async (stream) => {
    const viaChat = await createTestKey({ creditRub: 10 });
    const viaResponses = await createTestKey({ creditRub: 10 });
    const model = "yandex/yandexgpt";
    const chatRes = await post(viaChat.key, "/chat/completions", { model, max_tokens: 50, stream, messages: [{ role: "user", content: "price me" }] });
    expect(chatRes.status).toBe(200);
    await chatRes.text();
    const res = await post(viaResponses.key, "/responses", { model, max_output_tokens: 50, stream, input: "price me", store: false });
    expect(res.status).toBe(200);
    const text = await res.text();
    const response = (stream ? JSON.parse(text.trim().split("\n").at(-1)!.slice("data: ".length)).response : JSON.parse(text)) as OpenAI.Responses.Response;
    await settled();
    const [chatCharge] = await chargesOf(viaChat.userId);
    const charges = await chargesOf(viaResponses.userId);
    expect(charges).toHaveLength(1);
    expect(charges[0]!.amountMicro).toBeLessThan(0);
    expect(charges[0]!.amountMicro).toBe(chatCharge!.amountMicro);
    expect(charges[0]!.priceId).toBe(chatCharge!.priceId);
    expect(charges[0]!.reference).toBe(res.headers.get("x-request-id"));
    expect(-charges[0]!.amountMicro).toBe(Math.round((response.usage as unknown as { cost_rub: number }).cost_rub * 1_000_000));
    expect(await balanceOf(viaResponses.userId)).toBe(await balanceOf(viaChat.userId));
    expect(await getBilling().meter.available(viaResponses.userId)).toBe(await balanceOf(viaResponses.userId));
  });

  it("refuses with 402 before calling upstream when the balance is empty", async () => {
    const { key, userId } = await createTestKey({ creditRub: 0 });
    const res = await post(key, "/responses", { model: "gigachat/GigaChat-2-Max", max_output_tokens: 100, input: "hi" });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ error: { type: "insufficient_quota", code: "insufficient_quota" } });
    await settled();
    expect(await chargesOf(userId)).toHaveLength(0);
  });

  it("caps max_output_tokens to what the budget pays for when the request set none", async () => {
    const { key } = await createTestKey({ creditRub: 2 });
    const res = await post(key, "/responses", { model: "gigachat/GigaChat-2-Max", input: "capped", store: false });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("x-xrouter-max-tokens-capped"))).toBeGreaterThan(16);
  });

  it("releases the hold when the upstream fails before the first token, JSON and stream", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    for (const stream of [false, true]) {
      const res = await post(key, "/responses", { model: "mts/qwen3-32b", stream, max_output_tokens: 10, input: "[[status:503]]" });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe("upstream_error");
    }
    await settled();
    expect(await chargesOf(userId)).toHaveLength(0);
    expect(await getBilling().meter.available(userId)).toBe(10_000_000);
  });

  it("bills a stream cut by the upstream once, for what was delivered, and frees the rest of the hold", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const res = await post(key, "/responses", { model: "mts/qwen3-32b", stream: true, max_output_tokens: 100, input: "one two three four five six seven [[cut:3]]" });
    expect(await res.text()).toContain("event: response.failed");
    await settled();
    const charges = await chargesOf(userId);
    expect(charges).toHaveLength(1);
    expect(-charges[0]!.amountMicro).toBeGreaterThan(0);
    expect(await getBilling().meter.available(userId)).toBe(10_000_000 + charges[0]!.amountMicro);
  });
});
