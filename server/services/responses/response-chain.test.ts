import { inArray } from "drizzle-orm";
import OpenAI from "openai";
import { ResponsesWS } from "openai/resources/responses/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db";
import { storedResponses } from "../../db/schema";
import type { OpenAICompatibleEmulator } from "../../providers/openai-compatible/emulator";
import { getRuntime } from "../../runtime";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import type { ResponseObject } from "../../gateway/responses/response-object";
import { storeResponse } from "./store-response";
import { findConversation, MAX_CHAIN_LINKS } from "./stored-responses";

const MODEL = "mts/qwen3-32b";
const DAY_MS = 24 * 60 * 60 * 1000;

let api: TestApi;
let key: string;
let userId: string;
let client: OpenAI;
let mts: OpenAICompatibleEmulator;

beforeAll(async () => {
  // A retention of 2 days: links are aged by hand below.
  api = await startTestApi({ XROUTER_RESPONSES_RETENTION_DAYS: "2" });
  ({ key, userId } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
  // The demo providers' emulators, in startDemoProviders' order: gigachat, yandex, mts, tbank.
  mts = (await getRuntime()).emulators[2] as OpenAICompatibleEmulator;
});
afterAll(() => api.close());

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"] },
  strict: false,
};

const rowsOf = async (ids: string[]) => {
  const rows = await (await getDb()).select().from(storedResponses).where(inArray(storedResponses.id, ids));
  return ids.map((id) => rows.find((row) => row.id === id)!);
};

const upstreamMessages = () => (mts.lastRequest()!.body as { messages: unknown[] }).messages;

async function continueFrom(previous: string, input = "next") {
  const res = await fetch(`${api.baseURL}/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, input, previous_response_id: previous, store: false }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; param: string } } };
}

/** A stored row inserted by hand: a whole conversation (no previous) or a link. */
const row = (id: string, owner: string, text: string, options: { previousId?: string; depth?: number; ageDays?: number } = {}) => ({
  id,
  userId: owner,
  response: { id, object: "response", output: [{ type: "message", id: `msg_${id.slice(5)}_0`, status: "completed", role: "assistant", content: [{ type: "output_text", text: `Echo: ${text}`, annotations: [], logprobs: [] }] }] },
  input: [{ role: "user", content: text }],
  previousId: options.previousId ?? null,
  depth: options.depth ?? 0,
  createdAt: new Date(Date.now() - (options.ageDays ?? 0) * DAY_MS),
});
const tagged = () => `resp_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

describe("stored responses as a chain", () => {
  it("stores a 30-turn loop as links that do not grow, and sends upstream exactly the conversation a client sending it whole would", async () => {
    const ids: string[] = [];
    const whole: OpenAI.Responses.ResponseInputItem[] = [];
    const first = await client.responses.create({ model: MODEL, input: "Moscow", tools: [weatherTool] });
    const call = first.output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    ids.push(first.id);
    whole.push({ role: "user", content: "Moscow" }, ...(first.output as OpenAI.Responses.ResponseInputItem[]));
    let previous = first.id;
    for (let turn = 1; turn < 30; turn++) {
      const input: OpenAI.Responses.ResponseInputItem[] =
        turn === 1 ? [{ type: "function_call_output", call_id: call.call_id, output: '{"temperature_c":-3}' }] : [{ role: "user", content: `turn ${turn}` }];
      const response = await client.responses.create({ model: MODEL, previous_response_id: previous, input, tools: [weatherTool] });
      expect(response.status).toBe("completed");
      ids.push(response.id);
      whole.push(...input, ...(response.output as OpenAI.Responses.ResponseInputItem[]));
      previous = response.id;
    }
    const chained = upstreamMessages();
    // Moscow, the call, its output, the answer, then 28 turns of question and answer, the last without its answer.
    expect(chained).toHaveLength(59);

    const rows = await rowsOf(ids);
    expect(rows.map((r) => r.previousId)).toEqual([null, ...ids.slice(0, -1)]);
    expect(rows.map((r) => r.depth)).toEqual(ids.map((_, i) => i));
    const sizes = rows.map((r) => JSON.stringify(r.input).length);
    expect(sizes.at(-1)!).toBeLessThan(2 * sizes[0]!);
    expect(Math.max(...sizes)).toBeLessThan(200);

    // The same conversation sent whole, without previous_response_id: the upstream gets the same messages.
    const conversation = await findConversation(await getDb(), userId, previous);
    expect(conversation).toEqual(whole);
    await client.responses.create({ model: MODEL, input: [...whole, { role: "user", content: "and now?" }], tools: [weatherTool], store: false });
    const sentWhole = upstreamMessages();
    await client.responses.create({ model: MODEL, previous_response_id: previous, input: "and now?", tools: [weatherTool], store: false });
    expect(upstreamMessages()).toEqual(sentWhole);
  });

  it("answers 404 previous_response_not_found for a chain with a deleted link, and keeps the links around it", async () => {
    const a = await client.responses.create({ model: MODEL, input: "one" });
    const b = await client.responses.create({ model: MODEL, input: "two", previous_response_id: a.id });
    const c = await client.responses.create({ model: MODEL, input: "three", previous_response_id: b.id });
    expect((await continueFrom(c.id)).status).toBe(200);

    await client.responses.delete(b.id);
    const broken = await continueFrom(c.id);
    expect(broken.status).toBe(404);
    expect(broken.body.error).toMatchObject({ code: "previous_response_not_found", param: "previous_response_id" });
    // The others are still there: c for GET, a for continuing.
    expect((await client.responses.retrieve(c.id)).id).toBe(c.id);
    expect((await continueFrom(a.id)).status).toBe(200);
  });

  it("never walks into another user's row, even one a link of the caller's points to", async () => {
    const other = await createTestKey();
    const [theirs, mineOnTheirs, mine, mineOnMine] = [tagged(), tagged(), tagged(), tagged()];
    await (await getDb())
      .insert(storedResponses)
      .values([
        row(theirs, other.userId, "their secret"),
        row(mineOnTheirs, userId, "mine", { previousId: theirs, depth: 1 }),
        row(mine, userId, "mine first"),
        row(mineOnMine, userId, "mine second", { previousId: mine, depth: 1 }),
      ]);
    expect((await continueFrom(mineOnTheirs)).status).toBe(404);
    expect(await findConversation(await getDb(), userId, mineOnTheirs)).toBeUndefined();
    // The same shape inside one user's rows is read whole.
    expect((await continueFrom(mineOnMine, "go on")).status).toBe(200);
    expect(JSON.stringify(upstreamMessages())).toContain("mine first");
  });

  it("applies the retention cutoff to every link, not only the one named", async () => {
    const [oldRoot, youngLink, youngRoot, youngLink2] = [tagged(), tagged(), tagged(), tagged()];
    await (await getDb())
      .insert(storedResponses)
      .values([
        row(oldRoot, userId, "expired", { ageDays: 3 }),
        row(youngLink, userId, "fresh", { previousId: oldRoot, depth: 1, ageDays: 1 }),
        row(youngRoot, userId, "kept", { ageDays: 1 }),
        row(youngLink2, userId, "fresh", { previousId: youngRoot, depth: 1 }),
      ]);
    expect((await continueFrom(youngLink)).status).toBe(404);
    expect((await continueFrom(youngLink2)).status).toBe(200);
  });

  it("reads a chain of MAX_CHAIN_LINKS links, no longer, and stores a response continuing it whole, starting a new chain", async () => {
    const db = await getDb();
    const ids = Array.from({ length: MAX_CHAIN_LINKS + 1 }, tagged);
    const links = ids.map((id, i) => row(id, userId, "x", i === 0 ? {} : { previousId: ids[i - 1], depth: i }));
    await db.insert(storedResponses).values(links);
    const last = ids[MAX_CHAIN_LINKS - 1]!;
    expect(await findConversation(db, userId, last)).toHaveLength(2 * MAX_CHAIN_LINKS);
    // One link more than the walk reads (a chain storing never makes): not found.
    expect(await findConversation(db, userId, ids.at(-1)!)).toBeUndefined();

    const next = tagged();
    const own = [{ role: "user" as const, content: "past the limit" }];
    const response = { ...row(next, userId, "y").response, previous_response_id: last } as unknown as ResponseObject;
    await storeResponse(db, userId, response, { own, whole: [...(await findConversation(db, userId, last))!, ...own] });
    const [stored] = await rowsOf([next]);
    expect(stored).toMatchObject({ previousId: null, depth: 0 });
    expect(await findConversation(db, userId, next)).toHaveLength(2 * MAX_CHAIN_LINKS + 2);
  });

  it("reads rows stored before chains (no previous_id, the whole conversation in input) as complete", async () => {
    const legacy = tagged();
    const item = { role: "user", content: "legacy question" };
    await (await getDb())
      .insert(storedResponses)
      .values({ ...row(legacy, userId, "legacy answer"), input: [item, { role: "assistant", content: "legacy answer" }, { role: "user", content: "later" }] });
    const next = await client.responses.create({ model: MODEL, input: "after legacy", previous_response_id: legacy });
    const [stored] = await rowsOf([next.id]);
    expect(stored).toMatchObject({ previousId: legacy, depth: 1, input: [{ role: "user", content: "after legacy" }] });
    expect(JSON.stringify(upstreamMessages())).toContain("legacy question");
  });

  it("stores WebSocket turns as links when the previous one is stored, whole when it was kept only in memory", async () => {
    const ws = new ResponsesWS(client);
    const done: OpenAI.Responses.Response[] = [];
    ws.on("event", (event) => {
      if (event.type === "response.completed") done.push(event.response);
    });
    const turn = async (body: Record<string, unknown>) => {
      const count = done.length;
      ws.send({ type: "response.create", model: MODEL, ...body } as OpenAI.Responses.ResponsesClientEvent);
      for (let waited = 0; done.length === count; waited += 20) {
        if (waited > 10_000) throw new Error("no response.completed");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return done.at(-1)!;
    };
    const first = await turn({ input: "socket one", store: false });
    const second = await turn({ input: "socket two", previous_response_id: first.id });
    const third = await turn({ input: "socket three", previous_response_id: second.id });
    ws.close();
    const [secondRow, thirdRow] = await rowsOf([second.id, third.id]);
    // The first was never stored: the second keeps its whole conversation, the third links to it.
    expect(secondRow).toMatchObject({ previousId: null, depth: 0 });
    expect(secondRow!.input).toHaveLength(3);
    expect(thirdRow).toMatchObject({ previousId: second.id, depth: 1, input: [{ role: "user", content: "socket three" }] });
    expect((await continueFrom(third.id, "over http")).status).toBe(200);
    expect(JSON.stringify(upstreamMessages())).toContain("socket one");
  });
});
