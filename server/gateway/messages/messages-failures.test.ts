import Anthropic from "@anthropic-ai/sdk";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { ledger, users } from "../../db/schema";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { flushRequests, type Generation } from "../recorder";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const sdk = (apiKey: string) => new Anthropic({ baseURL: api.baseURL.replace(/\/v1$/, ""), apiKey, maxRetries: 0 });

function post(path: string, body: unknown, headers: Record<string, string>) {
  return fetch(`${api.baseURL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", ...headers },
    body: JSON.stringify(body),
  });
}

const hello = { model: "mts/qwen3-32b", max_tokens: 50, messages: [{ role: "user", content: "hi" }] };

async function anthropicError(res: Response) {
  const body = (await res.json()) as { type: string; error: { type: string; message: string } };
  expect(body.type).toBe("error");
  expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
  return body.error;
}

async function settled() {
  await Promise.all([getBilling().charges.flush(), flushRequests()]);
}
const chargesOf = async (userId: string) =>
  (await getDb()).select().from(ledger).where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));
const balanceOf = async (userId: string) =>
  (await (await getDb()).select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId)))[0]!.balance;

async function generation(key: string, requestId: string): Promise<Generation> {
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    const res = await fetch(`${api.baseURL}/generation?id=${requestId}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`generation ${requestId} was not recorded`);
}

describe("authentication", () => {
  it("takes the key as x-api-key or as Authorization: Bearer, anthropic-version optional", async () => {
    const { key } = await createTestKey();
    expect((await post("/messages", hello, { "x-api-key": key })).status).toBe(200);
    expect((await post("/messages", hello, { authorization: `Bearer ${key}` })).status).toBe(200);
    const bare = await fetch(`${api.baseURL}/messages`, { method: "POST", headers: { "x-api-key": key }, body: JSON.stringify(hello) });
    expect(bare.status).toBe(200);
  });

  it("refuses a bad or missing key with 401 authentication_error in Anthropic's shape", async () => {
    const bad = await post("/messages", hello, { "x-api-key": "xr-not-a-real-key-000000000000000000000000" });
    expect(bad.status).toBe(401);
    expect((await anthropicError(bad)).type).toBe("authentication_error");

    const missing = await post("/messages/count_tokens", hello, {});
    expect(missing.status).toBe(401);
    expect((await anthropicError(missing)).message).toContain("x-api-key");

    const err = await sdk("xr-not-a-real-key-000000000000000000000000")
      .messages.create(hello as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((err as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });
});

describe("bad input", () => {
  it("requires max_tokens, as Anthropic does, with a 400 naming it", async () => {
    const { key } = await createTestKey();
    const { max_tokens: _, ...body } = hello;
    const res = await post("/messages", body, { "x-api-key": key });
    expect(res.status).toBe(400);
    const error = await anthropicError(res);
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toMatch(/^max_tokens: /);
    // count_tokens does not need it.
    expect((await post("/messages/count_tokens", body, { "x-api-key": key })).status).toBe(200);
  });

  it("refuses a tool_result that answers no earlier tool_use, naming the block", async () => {
    const { key } = await createTestKey();
    const res = await post(
      "/messages",
      { ...hello, messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_nope", content: "x" }] }] },
      { "x-api-key": key },
    );
    expect(res.status).toBe(400);
    expect((await anthropicError(res)).message).toMatch(/^messages\.0\.content\.0\.tool_use_id: /);
  });

  it("lists unsupported fields in x-xrouter-dropped-params instead of ignoring them", async () => {
    const { key } = await createTestKey();
    const res = await post(
      "/messages",
      { ...hello, top_k: 5, thinking: { type: "enabled", budget_tokens: 1024 }, system: [{ type: "text", text: "x", cache_control: { type: "ephemeral" } }] },
      { "x-api-key": key },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-dropped-params")!.split(",").sort()).toEqual(["cache_control", "thinking", "top_k"]);
  });

  it("answers an unknown model with 404 not_found_error", async () => {
    const { key } = await createTestKey();
    const res = await post("/messages", { ...hello, model: "claude-nope" }, { "x-api-key": key });
    expect(res.status).toBe(404);
    expect((await anthropicError(res)).type).toBe("not_found_error");
  });
});

describe("billing", () => {
  it("refuses with 402 billing_error when the balance is short, without a charge", async () => {
    const { key, userId } = await createTestKey({ creditRub: 0 });
    const res = await post("/messages", hello, { "x-api-key": key });
    expect(res.status).toBe(402);
    const error = await anthropicError(res);
    expect(error.type).toBe("billing_error");
    expect(error.message).toMatch(/insufficient balance/);
    const err = await sdk(key)
      .messages.create(hello as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.PaymentRequiredError);
    await settled();
    expect(await chargesOf(userId)).toHaveLength(0);
  });

  it("charges a message once, at the cost it answers, and the balance moves by exactly that", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    for (const stream of [false, true]) {
      const before = await balanceOf(userId);
      let costRub: number;
      let id: string;
      if (stream) {
        const res = await post("/messages", { ...hello, stream: true, messages: [{ role: "user", content: "price my stream" }] }, { "x-api-key": key });
        const text = await res.text();
        const delta = text.split("\n\n").find((frame) => frame.startsWith("event: message_delta"))!;
        costRub = (JSON.parse(delta.split("data: ")[1]!) as { usage: { cost_rub: number } }).usage.cost_rub;
        id = `msg_${res.headers.get("x-request-id")!.slice(4)}`;
      } else {
        const message = await sdk(key).messages.create({ ...hello, messages: [{ role: "user", content: "price me" }] } as Anthropic.MessageCreateParamsNonStreaming);
        costRub = (message.usage as unknown as { cost_rub: number }).cost_rub;
        id = message.id;
      }
      await settled();
      const charge = (await chargesOf(userId)).find((row) => row.reference === `req_${id.slice(4)}`)!;
      expect(costRub).toBeGreaterThan(0);
      expect(-charge.amountMicro).toBe(Math.round(costRub * 1_000_000));
      expect(await balanceOf(userId)).toBe(before + charge.amountMicro);
      expect(await getBilling().meter.available(userId)).toBe(await balanceOf(userId));
    }
    expect(await chargesOf(userId)).toHaveLength(2);
  });

  it("releases the hold when the upstream fails before the first token, answering in Anthropic's shape", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    for (const stream of [false, true]) {
      const res = await post("/messages", { ...hello, stream, messages: [{ role: "user", content: "[[status:503]]" }] }, { "x-api-key": key });
      expect(res.status).toBe(502);
      expect((await anthropicError(res)).type).toBe("api_error");
    }
    await settled();
    expect(await chargesOf(userId)).toHaveLength(0);
    expect(await getBilling().meter.available(userId)).toBe(10_000_000);
  });
});

describe.each(["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/mws-gpt-alpha", "tbank/T-pro-it-2.0"])("an upstream stream cut on %s", (model) => {
  it("ends with an error event and no message_stop, billed for what was delivered", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const res = await post(
      "/messages",
      { model, max_tokens: 100, stream: true, messages: [{ role: "user", content: "please cut [[cut:2]] this rather long answer short" }] },
      { "x-api-key": key },
    );
    expect(res.status).toBe(200);
    const frames = (await res.text()).split("\n\n").filter(Boolean);
    const names = frames.map((frame) => /^event: (\S+)/.exec(frame)![1]);
    expect(names[0]).toBe("message_start");
    expect(names).toContain("content_block_delta");
    expect(names).not.toContain("message_stop");
    expect(names).not.toContain("message_delta");
    expect(names.at(-1)).toBe("error");
    const error = JSON.parse(frames.at(-1)!.split("data: ")[1]!) as { type: string; error: { type: string; message: string } };
    expect(error.type).toBe("error");
    expect(error.error.type).toMatch(/^(api_error|timeout_error|overloaded_error)$/);
    expect(error.error.message).toContain(`'${model.split("/")[0]}'`);

    const recorded = await generation(key, res.headers.get("x-request-id")!);
    expect(recorded.status).toBeGreaterThanOrEqual(500);
    expect(recorded.finish_reason).toBe("error");
    await settled();
    const charges = await chargesOf(userId);
    expect(charges).toHaveLength(1);
    expect(-charges[0]!.amountMicro).toBeGreaterThan(0);
  });

  it("makes the SDK's stream throw an APIError", async () => {
    const { key } = await createTestKey();
    const stream = sdk(key).messages.stream({ model, max_tokens: 100, messages: [{ role: "user", content: "cut [[cut:2]] via the sdk please" }] });
    const err = await stream.finalMessage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
  });
});
