import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import type { Generation } from "../recorder";

/** One chat model per provider family (their emulators answer `Echo: <last user text>` and call the first tool). */
const FAMILIES = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"];

let api: TestApi;
let key: string;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
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

function post(body: object, apiKey = key) {
  return fetch(`${api.baseURL}/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The SSE blocks of a body: each `event:` line must name the type its data carries. */
function sseEvents(text: string): OpenAI.Responses.ResponseStreamEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const [eventLine, dataLine] = block.split("\n");
      const event = JSON.parse(dataLine!.slice("data: ".length)) as OpenAI.Responses.ResponseStreamEvent;
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

async function waitForGeneration(id: string): Promise<Generation> {
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`generation ${id} was not recorded within 5 s`);
}

const costOf = (usage: unknown) => (usage as { cost_rub: number }).cost_rub;

describe.each(FAMILIES)("POST /responses on %s", (model) => {
  it("answers a response object with output_text and usage (with cost_rub), its id derived from the request id", async () => {
    const { data: response, response: raw } = await client.responses.create({ model, input: "hello responses", store: false }).withResponse();
    const requestId = raw.headers.get("x-request-id")!;
    expect(response.id).toBe(`resp_${requestId.slice("req_".length)}`);
    expect(response).toMatchObject({ object: "response", status: "completed", model, error: null, incomplete_details: null, store: false });
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "Echo: hello responses", annotations: [] }] });
    expect(response.output_text).toBe("Echo: hello responses");
    const usage = response.usage!;
    expect(usage.input_tokens).toBeGreaterThan(0);
    expect(usage.output_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(usage.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(0);
    expect(usage.output_tokens_details.reasoning_tokens).toBeGreaterThanOrEqual(0);
    expect(costOf(usage)).toBeGreaterThan(0);
    expect(raw.headers.get("x-xrouter-model")).toBe(model);
    // GET /generation finds it by the request id.
    const generation = await waitForGeneration(requestId);
    expect(generation).toMatchObject({ status: 200, model, tokens_prompt: usage.input_tokens, tokens_completion: usage.output_tokens, cost_rub: costOf(usage) });
  });

  it("streams the semantic events in order, numbered, ending with response.completed", async () => {
    const stream = await client.responses.create({ model, input: "stream these words", instructions: "Be brief.", stream: true, store: false });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((e) => e.type);
    const deltas = types.filter((t) => t === "response.output_text.delta").length;
    expect(deltas).toBeGreaterThan(0);
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      ...Array<string>(deltas).fill("response.output_text.delta"),
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const created = events[0] as OpenAI.Responses.ResponseCreatedEvent;
    expect(created.response).toMatchObject({ object: "response", status: "in_progress", model, instructions: "Be brief.", output: [] });
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    expect(text).toBe("Echo: stream these words");
    expect(events.find((e) => e.type === "response.output_text.done")).toMatchObject({ text, output_index: 0, content_index: 0 });
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.response.id).toBe(created.response.id);
    expect(completed.response.status).toBe("completed");
    expect(completed.response.output).toEqual([(events.at(-2) as OpenAI.Responses.ResponseOutputItemDoneEvent).item]);
    expect(completed.response.usage!.output_tokens).toBeGreaterThan(0);
    expect(costOf(completed.response.usage)).toBeGreaterThan(0);
  });

  it("round-trips a function call through previous_response_id", async () => {
    const first = await client.responses.create({ model, input: "Moscow", tools: [weatherTool] });
    expect(first.status).toBe("completed");
    const call = first.output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(call.call_id).toMatch(/^call_/);
    expect(call.name).toBe("get_weather");
    expect(JSON.parse(call.arguments)).toEqual({ city: "Moscow", days: 1 });

    const second = await client.responses.create({
      model,
      previous_response_id: first.id,
      tools: [weatherTool],
      input: [{ type: "function_call_output", call_id: call.call_id, output: TOOL_RESULT }],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe(`Tool result: ${TOOL_RESULT}`);
    expect(second.output.every((item) => item.type === "message")).toBe(true);
  });

  it("streams a function call as arguments deltas that assemble into the call", async () => {
    const stream = await client.responses.create({ model, input: "Kazan", tools: [weatherTool], stream: true, store: false });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const added = events.find((e) => e.type === "response.output_item.added" && e.item.type === "function_call") as OpenAI.Responses.ResponseOutputItemAddedEvent;
    expect(added.item).toMatchObject({ type: "function_call", name: "get_weather", status: "in_progress" });
    const args = events.flatMap((e) => (e.type === "response.function_call_arguments.delta" && e.item_id === added.item.id ? [e.delta] : [])).join("");
    expect(JSON.parse(args)).toEqual({ city: "Kazan", days: 1 });
    const done = events.find((e) => e.type === "response.function_call_arguments.done") as OpenAI.Responses.ResponseFunctionCallArgumentsDoneEvent;
    expect(done).toMatchObject({ item_id: added.item.id, output_index: added.output_index, arguments: args });
    const types = events.map((e) => e.type);
    expect(types.indexOf("response.function_call_arguments.done")).toBeLessThan(types.lastIndexOf("response.output_item.done"));
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.type).toBe("response.completed");
    const item = completed.response.output.find((o) => o.type === "function_call");
    expect(item).toMatchObject({ call_id: expect.stringMatching(/^call_/), name: "get_weather", arguments: args, status: "completed" });
  });

  it("ends a stream the upstream broke with response.failed, never response.completed", async () => {
    const res = await post({ model, input: "please cut [[cut:2]] this rather long answer short", stream: true });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const events = sseEvents(await res.text());
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.some((e) => e.type === "response.completed")).toBe(false);
    const failed = events.at(-1) as OpenAI.Responses.ResponseFailedEvent;
    expect(failed.type).toBe("response.failed");
    expect(failed.response.status).toBe("failed");
    expect(failed.response.error?.message).toContain(`'${model.split("/")[0]}'`);
    const delivered = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    expect(delivered.length).toBeGreaterThan(0);
    const generation = await waitForGeneration(requestId);
    expect(generation.status).toBeGreaterThanOrEqual(500);
    expect(generation.finish_reason).toBe("error");
    // A failed response is not kept.
    expect((await fetch(`${api.baseURL}/responses/resp_${requestId.slice(4)}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(404);
  });
});

describe("stored responses", () => {
  it("GET returns the stored response right after the answer, DELETE removes it", async () => {
    const created = await client.responses.create({ model: "mts/qwen3-32b", input: "keep me", metadata: { topic: "test" } });
    expect(created).toMatchObject({ store: true });
    const fetched = await client.responses.retrieve(created.id);
    expect(fetched).toMatchObject({ id: created.id, status: "completed", metadata: { topic: "test" }, output: created.output, usage: created.usage });
    const res = await fetch(`${api.baseURL}/responses/${created.id}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
    expect(await res.json()).toEqual({ id: created.id, object: "response", deleted: true });
    const missing = await client.responses.retrieve(created.id).catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    const again = await fetch(`${api.baseURL}/responses/${created.id}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
    expect(again.status).toBe(404);
  });

  it("keeps a streamed response for GET as soon as the stream ends", async () => {
    const stream = await client.responses.create({ model: "gigachat/GigaChat-2-Max", input: "stream and keep", stream: true });
    let id = "";
    for await (const event of stream) if (event.type === "response.completed") id = event.response.id;
    expect((await client.responses.retrieve(id)).output_text).toBe("Echo: stream and keep");
  });

  it("hides a user's responses from another user: GET, DELETE and previous_response_id answer 404", async () => {
    const created = await client.responses.create({ model: "yandex/yandexgpt", input: "mine only" });
    const other = new OpenAI({ baseURL: api.baseURL, apiKey: (await createTestKey()).key, maxRetries: 0 });
    expect(await other.responses.retrieve(created.id).catch((err: unknown) => err)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await other.responses.delete(created.id).catch((err: unknown) => err)).toBeInstanceOf(OpenAI.NotFoundError);
    const error = (await other.responses.create({ model: "yandex/yandexgpt", input: "continue", previous_response_id: created.id }).catch((err: unknown) => err)) as InstanceType<
      typeof OpenAI.NotFoundError
    >;
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.param).toBe("previous_response_id");
    expect(error.code).toBe("previous_response_not_found");
    // Still there for its owner.
    expect((await client.responses.retrieve(created.id)).id).toBe(created.id);
  });

  it.each(["none", "xhigh"])("accepts reasoning.effort %s (OpenAI's levels beyond the four the providers take)", async (effort) => {
    const res = await post({ model: "tbank/T-pro-it-2.0", input: "think", reasoning: { effort }, store: false });
    expect(res.status).toBe(200);
  });

  it("keeps nothing with store: false (GET and previous_response_id answer 404)", async () => {
    const created = await client.responses.create({ model: "tbank/T-pro-it-2.0", input: "forget me", store: false });
    expect(await client.responses.retrieve(created.id).catch((err: unknown) => err)).toBeInstanceOf(OpenAI.NotFoundError);
    const res = await post({ model: "tbank/T-pro-it-2.0", input: "continue", previous_response_id: created.id });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: "not_found_error", code: "previous_response_not_found", param: "previous_response_id" } });
  });

  it("continues a conversation over several responses, instructions not carried over", async () => {
    const first = await client.responses.create({ model: "mts/qwen3-32b", input: "first turn", instructions: "only for the first" });
    const second = await client.responses.create({ model: "mts/qwen3-32b", input: "second turn", previous_response_id: first.id });
    expect(second.output_text).toBe("Echo: second turn");
    expect(second.instructions).toBeNull();
    // The prompt grew by the first turn's input and output.
    expect(second.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens);
  });

  it("resolves an item_reference to an output item of a stored response", async () => {
    const first = await client.responses.create({ model: "mts/qwen3-32b", input: "Samara", tools: [weatherTool] });
    const call = first.output.find((item) => item.type === "function_call")!;
    if (call.type !== "function_call") throw new Error("expected a function call");
    const second = await client.responses.create({
      model: "mts/qwen3-32b",
      tools: [weatherTool],
      input: [
        { role: "user", content: [{ type: "input_text", text: "Samara" }] },
        { type: "item_reference", id: call.id! },
        { type: "function_call_output", call_id: call.call_id, output: TOOL_RESULT },
      ],
    });
    expect(second.output_text).toBe(`Tool result: ${TOOL_RESULT}`);
  });
});

describe("bad input", () => {
  it.each(["web_search", "file_search", "computer_use_preview", "code_interpreter"])("refuses the built-in tool %s with a 400 naming it", async (type) => {
    const res = await post({ model: "mts/qwen3-32b", input: "hi", tools: [weatherTool, { type }] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; param: string; type: string } };
    expect(error).toMatchObject({ type: "invalid_request_error", param: "tools.1.type" });
    expect(error.message).toContain(`'${type}'`);
  });

  it("answers an unknown previous_response_id with 404 in OpenAI's shape", async () => {
    const res = await post({ model: "mts/qwen3-32b", input: "hi", previous_response_id: "resp_doesnotexist" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { message: "previous response 'resp_doesnotexist' not found", type: "not_found_error", code: "previous_response_not_found", param: "previous_response_id" },
    });
  });

  it("refuses a function_call_output that answers no call, naming the item", async () => {
    const res = await post({ model: "mts/qwen3-32b", input: [{ type: "function_call_output", call_id: "call_x", output: "?" }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("input.0.call_id");
  });

  it("refuses an input of the wrong type naming the field", async () => {
    const res = await post({ model: "mts/qwen3-32b", input: 42 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("input");
  });

  it("lists fields it does not use in x-xrouter-dropped-params", async () => {
    const res = await post({ model: "mts/qwen3-32b", input: "hi", truncation: "auto", include: ["reasoning.encrypted_content"], store: false });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-xrouter-dropped-params")?.split(",").sort()).toEqual(["include", "truncation"]);
  });

  it("answers structured output with text.format json_schema and caps max_output_tokens", async () => {
    const response = await client.responses.create({
      model: "mts/qwen3-32b",
      input: "json please",
      max_output_tokens: 64,
      store: false,
      text: { format: { type: "json_schema", name: "answer", schema: { type: "object", properties: { a: { type: "string" } } } } },
    });
    expect(response.status).toBe("completed");
    expect(response.max_output_tokens).toBe(64);
    expect(response.text?.format).toMatchObject({ type: "json_schema", name: "answer" });
  });
});
