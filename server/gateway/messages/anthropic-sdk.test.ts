import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";

let api: TestApi;
let client: Anthropic;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  // The SDK calls `${baseURL}/v1/messages`: XRouter's base is `<host>/api`, as for ANTHROPIC_BASE_URL.
  client = new Anthropic({ baseURL: api.baseURL.replace(/\/v1$/, ""), apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

/** One chat model per provider family, as in ai-sdk.test.ts. */
const MODELS = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"];

const weatherTool: Anthropic.Tool = {
  name: "get_weather",
  description: "Current weather in a city",
  input_schema: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"] },
};
const TOOL_RESULT = '{"temperature_c":-3,"sky":"snow"}';

describe.each(MODELS)("the Anthropic SDK against %s", (model) => {
  it("creates a message (JSON) with usage and cost", async () => {
    const { data: message, response } = await client.messages
      .create({ model, max_tokens: 100, system: "Be brief.", messages: [{ role: "user", content: "hello from the Anthropic SDK" }] })
      .withResponse();
    expect(message.type).toBe("message");
    expect(message.role).toBe("assistant");
    expect(message.model).toBe(model);
    expect(message.id).toBe(`msg_${response.headers.get("x-request-id")!.slice(4)}`);
    expect(message.content).toEqual([{ type: "text", text: "Echo: hello from the Anthropic SDK" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.stop_sequence).toBeNull();
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBe(6);
    expect(message.usage.cache_read_input_tokens).toBe(0);
    expect((message.usage as unknown as { cost_rub: number }).cost_rub).toBeGreaterThan(0);
    expect(response.headers.get("x-xrouter-provider")).toBe(model.split("/")[0]);
  });

  it("answers max_tokens as the stop reason when the reply is cut", async () => {
    const message = await client.messages.create({ model, max_tokens: 2, messages: [{ role: "user", content: "one two three four" }] });
    expect(message.content).toEqual([{ type: "text", text: "Echo: one" }]);
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(2);
  });

  it("streams the documented events in order, and the final message adds up", async () => {
    const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: "user", content: "stream this please" }] });
    const types: string[] = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
    }
    const final = await stream.finalMessage();
    expect(text).toBe("Echo: stream this please");
    expect(types[0]).toBe("message_start");
    expect(types[1]).toBe("content_block_start");
    expect(types.slice(2, -3).every((type) => type === "content_block_delta")).toBe(true);
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(final.content).toHaveLength(1);
    expect(final.content[0]).toMatchObject({ type: "text", text: "Echo: stream this please" });
    expect(final.stop_reason).toBe("end_turn");
    expect(final.model).toBe(model);
    expect(final.usage.output_tokens).toBe(4);
    expect(final.usage.input_tokens).toBeGreaterThan(0);
  });

  it("round-trips a tool_use and its tool_result", async () => {
    const question: Anthropic.MessageParam = { role: "user", content: "Moscow" };
    const first = await client.messages.create({ model, max_tokens: 200, messages: [question], tools: [weatherTool] });
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((block) => block.type === "tool_use");
    if (call?.type !== "tool_use") throw new Error("expected a tool_use block");
    expect(call.id).toMatch(/^toolu_/);
    expect(call.name).toBe("get_weather");
    expect(call.input).toEqual({ city: "Moscow", days: 1 });

    const second = await client.messages.create({
      model,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: [{ type: "text", text: TOOL_RESULT }] }] },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    expect(second.content).toEqual([{ type: "text", text: `Tool result: ${TOOL_RESULT}` }]);
  });

  it("calls the tool named by tool_choice and streams its input as input_json_delta", async () => {
    const timeTool: Anthropic.Tool = { name: "get_time", input_schema: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] } };
    const stream = client.messages.stream({
      model,
      max_tokens: 200,
      messages: [{ role: "user", content: "Europe/Moscow" }],
      tools: [weatherTool, timeTool],
      tool_choice: { type: "tool", name: "get_time" },
    });
    const deltas: string[] = [];
    for await (const event of stream) if (event.type === "content_block_delta") deltas.push(event.delta.type);
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(0);
    expect(new Set(deltas)).toEqual(new Set(["input_json_delta"]));
    expect(final.stop_reason).toBe("tool_use");
    expect(final.content).toHaveLength(1);
    expect(final.content[0]).toMatchObject({ type: "tool_use", name: "get_time", input: { zone: "Europe/Moscow" } });
    expect((final.content[0] as Anthropic.ToolUseBlock).id).toMatch(/^toolu_/);
  });

  it("counts tokens with the provider's counter where there is one (GigaChat, YandexGPT), else by estimate", async () => {
    const { data, response } = await client.messages
      .countTokens({ model, system: "Be brief.", messages: [{ role: "user", content: "how many tokens is this" }], tools: [weatherTool] })
      .withResponse();
    expect(data.input_tokens).toBeGreaterThan(5);
    expect(response.headers.get("x-xrouter-token-count")).toBe(/^(gigachat|yandex)\//.test(model) ? "provider" : "estimate");
    expect(response.headers.get("x-xrouter-model")).toBe(model);
  });
});
