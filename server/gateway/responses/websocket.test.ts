import { and, eq } from "drizzle-orm";
import OpenAI from "openai";
import { ResponsesWS } from "openai/resources/responses/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { ledger, users } from "../../db/schema";
import { MAX_BODY_BYTES } from "../request-body";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { flushRequests, type Generation } from "../recorder";

/** One chat model per provider family (their emulators answer `Echo: <last user text>` and call the first tool). */
const FAMILIES = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"];
const IDLE_MS = 1_500;
const MAX_PER_KEY = 3;

let api: TestApi;
let key: string;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi({ XROUTER_WS_IDLE_TIMEOUT_MS: String(IDLE_MS), XROUTER_WS_MAX_PER_KEY: String(MAX_PER_KEY) });
  ({ key } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"] },
  strict: false,
};
const TOOL_RESULT = '{"temperature_c":-3,"sky":"snow"}';
const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete", "error"]);

type ServerEvent = { type: string; sequence_number?: number; stream_id?: string; [field: string]: unknown };

/** The official SDK's Responses WebSocket on the test server, every server event kept in arrival order. */
function connect(openai = client) {
  const ws = new ResponsesWS(openai);
  const events: ServerEvent[] = [];
  let seen = 0;
  const waiters: (() => void)[] = [];
  ws.on("event", (event) => {
    events.push(event as ServerEvent);
    for (const wake of waiters.splice(0)) wake();
  });
  // Error events are also raised as errors: they are read from `events`.
  ws.on("error", () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  /** The events of the next response: up to and including its terminal event (or an `error` event). */
  async function next(): Promise<ServerEvent[]> {
    const started = Date.now();
    for (;;) {
      const end = events.findIndex((e, i) => i >= seen && TERMINAL.has(e.type));
      if (end >= 0) {
        const taken = events.slice(seen, end + 1);
        seen = end + 1;
        return taken;
      }
      if (Date.now() - started > 10_000) throw new Error(`no terminal event; got ${events.slice(seen).map((e) => e.type).join(", ")}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
  const create = (body: Record<string, unknown>) => ws.send({ type: "response.create", ...body } as OpenAI.Responses.ResponsesClientEvent);
  return { ws, events, next, create, closed };
}

const responseOf = (events: ServerEvent[]) => (events.at(-1) as unknown as { response: OpenAI.Responses.Response }).response;

function expectNumberedInOrder(events: ServerEvent[]) {
  expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  expect(events[0]!.type).toBe("response.created");
  expect(events[1]!.type).toBe("response.in_progress");
  expect(events.at(-1)!.type).toBe("response.completed");
}

/** A raw upgrade with the `ws` package: the HTTP answer when the server refuses it. */
function rawUpgrade(headers: Record<string, string>, path = "/responses") {
  const socket = new WebSocket(`${api.baseURL.replace("http", "ws")}${path}`, { headers });
  return new Promise<{ opened: WebSocket } | { status: number; body: string }>((resolve, reject) => {
    socket.on("open", () => resolve({ opened: socket }));
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    socket.on("error", (err) => reject(err));
  });
}

async function waitForGeneration(id: string, apiKey: string): Promise<Generation> {
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`generation ${id} was not recorded within 5 s`);
}

describe.each(FAMILIES)("the Responses WebSocket on %s", (model) => {
  it("runs a three-turn tool loop on one socket, continuing with previous_response_id and store: false", async () => {
    const socket = connect();
    socket.create({ model, store: false, input: "Moscow", tools: [weatherTool] });
    const first = await socket.next();
    expectNumberedInOrder(first);
    const call = responseOf(first).output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(call.name).toBe("get_weather");
    expect(JSON.parse(call.arguments)).toEqual({ city: "Moscow", days: 1 });
    expect(first.some((e) => e.type === "response.function_call_arguments.delta")).toBe(true);

    socket.create({
      model,
      store: false,
      previous_response_id: responseOf(first).id,
      tools: [weatherTool],
      input: [{ type: "function_call_output", call_id: call.call_id, output: TOOL_RESULT }],
    });
    const second = await socket.next();
    expectNumberedInOrder(second);
    expect(responseOf(second)).toMatchObject({ previous_response_id: responseOf(first).id, status: "completed" });
    const answer = second.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta as string] : [])).join("");
    expect(answer).toBe(`Tool result: ${TOOL_RESULT}`);

    socket.create({ model, store: false, previous_response_id: responseOf(second).id, input: "thanks" });
    const third = await socket.next();
    expectNumberedInOrder(third);
    const last = responseOf(third);
    expect(last.output).toMatchObject([{ type: "message", content: [{ type: "output_text", text: "Echo: thanks" }] }]);
    // The prompt carried the whole conversation the socket remembered.
    expect(last.usage!.input_tokens).toBeGreaterThan(responseOf(second).usage!.input_tokens);
    expect((last.usage as unknown as { cost_rub: number }).cost_rub).toBeGreaterThan(0);
    // store: false kept nothing outside the socket.
    expect((await fetch(`${api.baseURL}/responses/${last.id}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(404);
    socket.ws.close();
  });
});

describe("the Responses WebSocket's messages", () => {
  it("answers a bad message with an error event in OpenAI's shape and stays usable", async () => {
    const socket = connect();
    socket.ws.sendRaw("not json");
    expect(await socket.next()).toEqual([
      { type: "error", status: 400, error: { type: "invalid_request_error", code: "invalid_json", message: "message is not valid JSON", param: null } },
    ]);
    socket.ws.sendRaw(JSON.stringify({ type: "response.cancel" }));
    expect((await socket.next())[0]).toMatchObject({ type: "error", status: 400, error: { code: "unknown_event_type", param: "type" } });
    socket.create({ model: "mts/qwen3-32b", input: 42 });
    expect((await socket.next())[0]).toMatchObject({ type: "error", status: 400, error: { type: "invalid_request_error", param: "input" } });
    socket.create({ model: "mts/qwen3-32b", store: false, previous_response_id: "resp_unknown", input: "hi" });
    expect((await socket.next())[0]).toMatchObject({ type: "error", status: 404, error: { code: "previous_response_not_found", param: "previous_response_id" } });
    socket.create({ model: "mts/qwen3-32b", store: false, input: "still here" });
    const events = await socket.next();
    expectNumberedInOrder(events);
    expect(responseOf(events).output).toMatchObject([{ content: [{ text: "Echo: still here" }] }]);
    socket.ws.close();
  });

  it("runs the requests of one lane in order, echoing its stream_id", async () => {
    const socket = connect();
    socket.create({ model: "yandex/yandexgpt", store: false, stream_id: "main", input: "first" });
    socket.create({ model: "yandex/yandexgpt", store: false, stream_id: "main", input: "second" });
    const first = await socket.next();
    const second = await socket.next();
    // One after the other: each response's events are whole and numbered from 0.
    expectNumberedInOrder(first);
    expectNumberedInOrder(second);
    expect([...first, ...second].every((e) => e.stream_id === "main")).toBe(true);
    expect(responseOf(first).output).toMatchObject([{ content: [{ text: "Echo: first" }] }]);
    expect(responseOf(second).output).toMatchObject([{ content: [{ text: "Echo: second" }] }]);
    socket.ws.close();
  });

  it("continues from a response stored over HTTP (store: true)", async () => {
    const stored = await client.responses.create({ model: "gigachat/GigaChat-2-Max", input: "remember me" });
    const socket = connect();
    socket.create({ model: "gigachat/GigaChat-2-Max", previous_response_id: stored.id, input: "and now" });
    const events = await socket.next();
    expectNumberedInOrder(events);
    expect(responseOf(events).usage!.input_tokens).toBeGreaterThan(stored.usage!.input_tokens);
    socket.ws.close();
  });

  it("closes with 1009 on a message larger than an HTTP body", async () => {
    const socket = connect();
    socket.ws.sendRaw(JSON.stringify({ type: "response.create", model: "mts/qwen3-32b", input: "x".repeat(MAX_BODY_BYTES) }));
    expect((await socket.closed).code).toBe(1009);
  });
});

describe("the Responses WebSocket's upgrade and limits", () => {
  it("refuses a missing or bad key with 401 in OpenAI's shape, without upgrading", async () => {
    for (const headers of [{}, { authorization: "Bearer xr-not-a-real-key" }] as Record<string, string>[]) {
      const refused = await rawUpgrade(headers);
      if ("opened" in refused) throw new Error("upgraded without a valid key");
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { type: "authentication_error" } });
    }
  });

  it("answers an upgrade to another path with 404", async () => {
    const refused = await rawUpgrade({ authorization: `Bearer ${key}` }, "/chat/completions");
    expect(refused).toMatchObject({ status: 404 });
  });

  it(`refuses the key's socket past ${MAX_PER_KEY} with 429 before upgrading, and takes one again after a close`, async () => {
    const { key: capped } = await createTestKey();
    const headers = { authorization: `Bearer ${capped}` };
    const open: WebSocket[] = [];
    for (let i = 0; i < MAX_PER_KEY; i++) {
      const result = await rawUpgrade(headers);
      if (!("opened" in result)) throw new Error(`socket ${i} refused: ${result.status}`);
      open.push(result.opened);
    }
    const refused = await rawUpgrade(headers);
    expect(refused).toMatchObject({ status: 429 });
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({ error: { type: "rate_limit_error", code: "too_many_websockets" } });
    const first = open.shift()!;
    await new Promise((resolve) => {
      first.once("close", resolve);
      first.close();
    });
    const again = await rawUpgrade(headers);
    expect("opened" in again).toBe(true);
    for (const ws of [...open, (again as { opened: WebSocket }).opened]) ws.close();
  });

  it("closes an idle socket (1000, with a reason) after XROUTER_WS_IDLE_TIMEOUT_MS", async () => {
    const socket = connect();
    const started = Date.now();
    const { code, reason } = await socket.closed;
    expect(code).toBe(1000);
    expect(reason).toContain("idle");
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 100);
  });
});

describe("a client that closes the socket mid-answer", () => {
  const settled = () => Promise.all([getBilling().charges.flush(), flushRequests()]);

  it("is billed the prompt and what was delivered, once, the hold released, the request recorded 499", async () => {
    const { key: own, userId } = await createTestKey({ creditRub: 10 });
    const socket = connect(new OpenAI({ baseURL: api.baseURL, apiKey: own, maxRetries: 0 }));
    // A long reply: the emulators send one word per chunk with a pause between chunks.
    const prompt = Array.from({ length: 3000 }, () => "a").join(" ");
    socket.create({ model: "mts/qwen3-32b", store: false, input: prompt });
    const started = Date.now();
    while (!socket.events.some((e) => e.type === "response.output_text.delta")) {
      if (Date.now() - started > 10_000) throw new Error("no delta");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const responseId = (socket.events[0] as unknown as { response: { id: string } }).response.id;
    socket.ws.close();
    await socket.closed;

    const generation = await waitForGeneration(`req_${responseId.slice("resp_".length)}`, own);
    expect(generation).toMatchObject({ status: 499, error_code: "client_closed_request", stream: true });
    expect(generation.tokens_prompt).toBeGreaterThan(0);
    expect(generation.tokens_completion).toBeGreaterThan(0);
    expect(generation.tokens_completion).toBeLessThan(Math.ceil(prompt.length / 4));
    await settled();
    const charges = await (await getDb()).select().from(ledger).where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));
    expect(charges).toHaveLength(1);
    expect(-charges[0]!.amountMicro).toBe(Math.round(generation.cost_rub * 1_000_000));
    const [user] = await (await getDb()).select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
    expect(user!.balance).toBe(10_000_000 + charges[0]!.amountMicro);
    expect(await getBilling().meter.available(userId)).toBe(user!.balance);
  });
});
