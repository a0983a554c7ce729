import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { assembleToolCalls, droppedParams, openaiJsSdkHeaders, openaiPythonSdkHeaders, replay, sseItems, streamedText, type ChatChunk } from "./recorded-request";

/**
 * Requests shaped as LangChain's OpenAI chat model sends them with `base_url` pointed at XRouter
 * (docs/integrations/langchain.md), from the sources: langchain-openai chat_models/base.py (`_default_params` always
 * sends `model` and `stream`, the rest only when set; `_stream` adds `stream_options.include_usage` only when
 * `stream_usage` is on, which a custom base_url turns off by default; `bind_tools` sends `tools`, `tool_choice`,
 * `parallel_tool_calls`; `use_responses_api=True` goes to /responses with flattened tools) and @langchain/openai
 * chat_models/completions.ts (`streamUsage` true by default, so streams carry `stream_options`).
 */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
});
afterAll(() => api.close());

const pythonHeaders = () => ({ authorization: `Bearer ${key}`, ...openaiPythonSdkHeaders("1.99.9"), "user-agent": "OpenAI/Python 1.99.9" });
const jsHeaders = () => ({ authorization: `Bearer ${key}`, ...openaiJsSdkHeaders("5.23.2") });

/** `@tool def get_weather(city: str)` through convert_to_openai_tool. */
const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather in a city.",
    parameters: { properties: { city: { type: "string" } }, required: ["city"], type: "object" },
  },
};

describe("langchain-openai (Python) ChatOpenAI(base_url=…)", () => {
  const chat = (body: unknown) => replay(`${api.baseURL}/chat/completions`, pythonHeaders(), body);

  it("bind_tools(..., tool_choice='auto', parallel_tool_calls=False).invoke: tool_calls parsed from the message", async () => {
    const res = await chat({
      messages: [
        { content: "You answer about weather.", role: "system" },
        { content: "Moscow", role: "user" },
      ],
      model: "gigachat/GigaChat-2-Max",
      stream: false,
      tools: [weatherTool],
      tool_choice: "auto",
      parallel_tool_calls: false,
    });
    expect(res.status).toBe(200);
    const completion = (await res.json()) as OpenAI.ChatCompletion;
    const [call] = completion.choices[0]!.message.tool_calls!;
    // AIMessage.tool_calls: parse_tool_call json.loads the arguments.
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(call!.type === "function" && JSON.parse(call!.function.arguments)).toEqual({ city: "Moscow" });
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");

    // The ToolMessage goes back as role "tool"; the AIMessage as assistant tool_calls with empty content.
    const next = await chat({
      messages: [
        { content: "Moscow", role: "user" },
        { content: "", role: "assistant", tool_calls: [{ type: "function", id: call!.id, function: { name: "get_weather", arguments: '{"city": "Moscow"}' } }] },
        { content: '{"temperature_c": -3}', role: "tool", tool_call_id: call!.id },
      ],
      model: "gigachat/GigaChat-2-Max",
      stream: false,
      tools: [weatherTool],
    });
    expect(next.status).toBe(200);
    expect(((await next.json()) as OpenAI.ChatCompletion).choices[0]!.message.content).toBe('Tool result: {"temperature_c": -3}');
  });

  it("streaming with stream_usage=True, n, temperature, max_tokens: chunks, then usage_metadata from the last chunk", async () => {
    const res = await chat({
      messages: [{ content: "tell me a story", role: "user" }],
      model: "yandex/yandexgpt-lite",
      stream: true,
      n: 1,
      temperature: 0.2,
      max_tokens: 256,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(droppedParams(res)).toEqual([]);
    const chunks = await sseItems<ChatChunk>(res);
    expect(streamedText(chunks)).toBe("Echo: tell me a story");
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + last.usage!.completion_tokens);
  });

  it("with_structured_output(method='json_schema') and model_kwargs the model ignores: served, unknown ones listed", async () => {
    const res = await chat({
      messages: [{ content: "weather in Kazan", role: "user" }],
      model: "mts/qwen3-32b",
      stream: false,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "Weather",
          description: "The weather.",
          schema: { properties: { city: { type: "string" }, temperature_c: { type: "number" } }, required: ["city", "temperature_c"], type: "object", additionalProperties: false },
          strict: true,
        },
      },
      logprobs: false,
      service_tier: "auto",
    });
    expect(res.status).toBe(200);
    expect(droppedParams(res)).toEqual(["logprobs", "service_tier"]);
  });

  it("use_responses_api=True: bind_tools on /responses, then the tool result as a function_call_output item", async () => {
    const post = (body: unknown) => replay(`${api.baseURL}/responses`, pythonHeaders(), body);
    const res = await post({
      model: "mts/qwen3-32b",
      stream: false,
      input: [{ content: "Kazan", role: "user" }],
      tools: [{ type: "function", ...weatherTool.function }],
      tool_choice: "auto",
    });
    expect(res.status).toBe(200);
    const response = (await res.json()) as OpenAI.Responses.Response;
    const call = response.output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(JSON.parse(call.arguments)).toEqual({ city: "Kazan" });

    const next = await post({
      model: "mts/qwen3-32b",
      stream: false,
      input: [
        { content: "Kazan", role: "user" },
        { type: "function_call", name: call.name, arguments: call.arguments, call_id: call.call_id, id: call.id },
        { type: "function_call_output", output: "-1 C", call_id: call.call_id },
      ],
      tools: [{ type: "function", ...weatherTool.function }],
    });
    expect(next.status).toBe(200);
    expect(((await next.json()) as OpenAI.Responses.Response).output).toEqual([
      expect.objectContaining({ type: "message", content: [expect.objectContaining({ text: "Tool result: -1 C" })] }),
    ]);
  });
});

describe("@langchain/openai (JS) ChatOpenAI({ configuration: { baseURL } })", () => {
  it("model.bindTools([...]).stream(): stream_options by default, tool call chunks, usage", async () => {
    const res = await replay(`${api.baseURL}/chat/completions`, jsHeaders(), {
      model: "tbank/T-pro-it-2.0",
      temperature: 0,
      stream: true,
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Current weather in a city.",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false, $schema: "http://json-schema.org/draft-07/schema#" },
          },
        },
      ],
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Sochi" }],
    });
    expect(res.status).toBe(200);
    const chunks = await sseItems<ChatChunk>(res);
    const [call] = assembleToolCalls(chunks);
    expect(call).toMatchObject({ name: "get_weather", arguments: '{"city":"Sochi"}' });
    expect(chunks.at(-1)!.usage!.cost_rub).toBeGreaterThan(0);
  });
});
