import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { assembleToolCalls, droppedParams, openaiJsSdkHeaders, openaiPythonSdkHeaders, replay, sseItems, type ChatChunk } from "./recorded-request";

/**
 * Requests shaped as the OpenAI Agents SDK sends them with its OpenAI client pointed at XRouter
 * (docs/integrations/openai-agents-sdk.md). Taken from the SDKs' sources (openai-agents-python
 * src/agents/models/openai_responses.py `_build_response_create_kwargs` and openai_chatcompletions.py;
 * openai-agents-js packages/agents-openai/src/openaiResponsesModel.ts `_buildResponsesCreateRequest`): the Responses
 * model by default, a user-agent of `Agents/Python …` or `Agents/JavaScript …`, `include: []` always, function tools
 * flattened with `strict: true`, handoffs as `transfer_to_<agent>` tools, and each next turn sending the whole
 * conversation back as input items (the model's own output items with their ids and `status`).
 */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
});
afterAll(() => api.close());

const MODEL = "gigachat/GigaChat-2-Max";
const INSTRUCTIONS = "You are a weather assistant. Use the tools.";

const pythonHeaders = () => ({ authorization: `Bearer ${key}`, ...openaiPythonSdkHeaders("1.99.9"), "user-agent": "Agents/Python 0.4.2" });
const jsHeaders = () => ({ authorization: `Bearer ${key}`, ...openaiJsSdkHeaders("5.23.2"), "user-agent": "Agents/JavaScript 0.3.7" });

/** `@function_tool def get_weather(city: str) -> str` as the Python SDK sends it (strict JSON schema from pydantic). */
const pythonWeatherTool = {
  name: "get_weather",
  parameters: {
    properties: { city: { title: "City", type: "string" } },
    required: ["city"],
    title: "get_weather_args",
    type: "object",
    additionalProperties: false,
  },
  strict: true,
  type: "function",
  description: "Current weather in a city.",
};
/** A handoff: `handoffs=[refund_agent]` becomes a function tool with an empty strict schema. */
const handoffTool = {
  name: "transfer_to_refund_agent",
  parameters: { additionalProperties: false, type: "object", properties: {}, required: [] },
  strict: true,
  type: "function",
  description: "Handoff to the Refund agent to handle the request. ",
};

type Events = OpenAI.Responses.ResponseStreamEvent[];
const completedResponse = (events: Events) => {
  const last = events.at(-1)!;
  if (last.type !== "response.completed") throw new Error(`stream ended with ${last.type}`);
  return last.response;
};

describe("Agents SDK on the Responses API (its default)", () => {
  const post = (headers: Record<string, string>, body: unknown) => replay(`${api.baseURL}/responses`, headers, body);

  it("Runner.run_streamed (Python): a streamed function call, then the tool result sent back with the whole conversation", async () => {
    const first = await post(pythonHeaders(), {
      instructions: INSTRUCTIONS,
      model: MODEL,
      input: [{ content: "Moscow", role: "user" }],
      include: [],
      tools: [pythonWeatherTool, handoffTool],
      stream: true,
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(droppedParams(first)).toContain("include");
    const events = await sseItems<OpenAI.Responses.ResponseStreamEvent>(first);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    // The SDK builds its ModelResponse from response.completed: output items and usage.
    const response = completedResponse(events);
    const call = response.output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(call).toMatchObject({ name: "get_weather", status: "completed" });
    expect(JSON.parse(call.arguments)).toEqual({ city: "Moscow" });
    expect(response.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.usage!.output_tokens).toBeGreaterThan(0);

    // Turn 2: the run loop resends everything (no previous_response_id): the user message, the model's call as it
    // came back (id, status), and the tool's output.
    const second = await post(pythonHeaders(), {
      instructions: INSTRUCTIONS,
      model: MODEL,
      input: [
        { content: "Moscow", role: "user" },
        { arguments: call.arguments, call_id: call.call_id, name: call.name, type: "function_call", id: call.id, status: "completed" },
        { call_id: call.call_id, output: "-3 C, snow", type: "function_call_output" },
      ],
      include: [],
      tools: [pythonWeatherTool, handoffTool],
      stream: true,
    });
    expect(second.status).toBe(200);
    const final = completedResponse(await sseItems(second));
    // result.final_output: the text of the last message item.
    const message = final.output.find((item) => item.type === "message");
    if (message?.type !== "message") throw new Error("expected a message");
    // GigaChat takes function results as JSON only: a plain-text result reaches it as {"result": "..."}.
    expect(message.content).toEqual([expect.objectContaining({ type: "output_text", text: 'Tool result: {"result":"-3 C, snow"}' })]);
  });

  it("run() (JS) with modelSettings and an outputType: JSON answer, text.format applied, unknown fields listed", async () => {
    const res = await post(jsHeaders(), {
      model: "mts/qwen3-32b",
      instructions: INSTRUCTIONS,
      input: [{ role: "user", content: "weather in Kazan as JSON" }],
      include: [],
      tools: [],
      temperature: 0.2,
      truncation: "auto",
      max_output_tokens: 512,
      stream: false,
      text: {
        format: {
          type: "json_schema",
          name: "final_output",
          strict: true,
          schema: {
            type: "object",
            properties: { city: { type: "string" }, temperature_c: { type: "number" } },
            required: ["city", "temperature_c"],
            additionalProperties: false,
            $schema: "http://json-schema.org/draft-07/schema#",
          },
        },
      },
      store: true,
      prompt_cache_retention: "24h",
    });
    expect(res.status).toBe(200);
    expect(droppedParams(res)).toEqual(expect.arrayContaining(["include", "truncation", "prompt_cache_retention"]));
    expect(droppedParams(res)).not.toContain("text.format");
    const response = (await res.json()) as OpenAI.Responses.Response;
    expect(response).toMatchObject({ object: "response", status: "completed", model: "mts/qwen3-32b", store: true });
    expect(response.output.find((item) => item.type === "message")).toBeDefined();
  });

  it("run() (JS), a later turn: earlier assistant messages and tool results come back as items with ids and status", async () => {
    const res = await post(jsHeaders(), {
      model: MODEL,
      instructions: INSTRUCTIONS,
      input: [
        { role: "user", content: "hi" },
        { id: "msg_0a1b", type: "message", role: "assistant", content: [{ type: "output_text", text: "Echo: hi", annotations: [], logprobs: [] }], status: "completed" },
        { role: "user", content: "Moscow" },
        { id: "fc_0c2d", type: "function_call", name: "get_weather", call_id: "call_0e3f", arguments: '{"city":"Moscow"}', status: "completed" },
        { type: "function_call_output", call_id: "call_0e3f", output: '{"temperature_c":-3}', status: "completed" },
      ],
      include: [],
      tools: [pythonWeatherTool],
      stream: true,
    });
    expect(res.status).toBe(200);
    const message = completedResponse(await sseItems(res)).output.find((item) => item.type === "message");
    expect(message).toMatchObject({ content: [{ type: "output_text", text: 'Tool result: {"temperature_c":-3}' }] });
  });

  it("run() (JS) with parallelToolCalls and toolChoice: the forced tool is called", async () => {
    const res = await post(jsHeaders(), {
      model: "yandex/yandexgpt",
      instructions: INSTRUCTIONS,
      input: [{ role: "user", content: "Kazan" }],
      include: [],
      tools: [
        { type: "function", name: "get_time", description: "Local time", parameters: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"], additionalProperties: false }, strict: true },
        { type: "function", name: "get_weather", description: "Current weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }, strict: true },
      ],
      tool_choice: { type: "function", name: "get_weather" },
      parallel_tool_calls: false,
      stream: true,
    });
    expect(res.status).toBe(200);
    const call = completedResponse(await sseItems(res)).output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ name: "get_weather", arguments: '{"city":"Kazan"}' });
  });

  it("refuses a hosted tool (WebSearchTool) by name: the SDK's own hosted tools need OpenAI", async () => {
    const res = await post(pythonHeaders(), {
      instructions: INSTRUCTIONS,
      model: MODEL,
      input: [{ content: "news", role: "user" }],
      include: ["web_search_call.action.sources"],
      tools: [{ type: "web_search", search_context_size: "medium" }],
      stream: true,
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { param: string; code: string } };
    expect(error).toMatchObject({ param: "tools.0.type", code: "unsupported_parameter" });
  });
});

describe("Agents SDK on Chat Completions (OpenAIChatCompletionsModel / set_default_openai_api)", () => {
  it("streams a tool call and, with ModelSettings(include_usage=True), the usage chunk", async () => {
    // For a non-OpenAI client the SDK sends neither `store` nor `stream_options` unless ModelSettings asks.
    const res = await replay(`${api.baseURL}/chat/completions`, pythonHeaders(), {
      model: MODEL,
      messages: [
        { content: INSTRUCTIONS, role: "system" },
        { role: "user", content: "Moscow" },
      ],
      tools: [{ type: "function", function: { name: "get_weather", description: "Current weather in a city.", parameters: pythonWeatherTool.parameters, strict: true } }],
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    const chunks = await sseItems<ChatChunk>(res);
    const [call] = assembleToolCalls(chunks);
    expect(call).toMatchObject({ name: "get_weather", arguments: '{"city":"Moscow"}' });
    expect(call!.id).toBeTruthy();
    expect(chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(["tool_calls"]);
    const usage = chunks.at(-1)!.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.cost_rub).toBeGreaterThan(0);
  });
});
