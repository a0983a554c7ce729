import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

/** Chat models whose catalog entry supports tools, one or more per provider. */
const TOOL_MODELS = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"];

const weatherTool: OpenAI.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather in a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer" } },
      required: ["city", "days"],
    },
  },
};
const timeTool: OpenAI.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_time",
    parameters: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] },
  },
};

const TOOL_RESULT = '{"temperature_c":-3,"sky":"snow"}';

describe.each(TOOL_MODELS)("tools on %s", (model) => {
  it("round-trips a tool call and its result", async () => {
    const question: OpenAI.ChatCompletionMessageParam = { role: "user", content: "Moscow" };
    const first = await client.chat.completions.create({ model, messages: [question], tools: [weatherTool, timeTool] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe("function");
    if (call.type !== "function") throw new Error("not a function call");
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe("get_weather");
    expect(typeof call.function.arguments).toBe("string");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Moscow", days: 1 });
    expect(first.usage!.completion_tokens).toBeGreaterThan(0);

    const second = await client.chat.completions.create({
      model,
      tools: [weatherTool, timeTool],
      messages: [
        question,
        { role: "assistant", content: choice.message.content ?? null, tool_calls: choice.message.tool_calls },
        { role: "tool", tool_call_id: call.id, content: TOOL_RESULT },
      ],
    });
    expect(second.choices[0]!.finish_reason).toBe("stop");
    expect(second.choices[0]!.message.content).toBe(`Tool result: ${TOOL_RESULT}`);
    expect(second.choices[0]!.message.tool_calls ?? []).toEqual([]);
  });

  it("calls the tool named by tool_choice", async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Europe/Moscow" }],
      tools: [weatherTool, timeTool],
      tool_choice: { type: "function", function: { name: "get_time" } },
    });
    const call = completion.choices[0]!.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.function.name).toBe("get_time");
    expect(JSON.parse(call.function.arguments)).toEqual({ zone: "Europe/Moscow" });
  });

  it("streams a tool call that assembles into one valid call", async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Kazan" }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    const calls = new Map<number, { id?: string; name: string; arguments: string }>();
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.model).toBe(model);
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        if (choice.finish_reason) finishes.push(choice.finish_reason);
        for (const delta of choice.delta.tool_calls ?? []) {
          const entry = calls.get(delta.index) ?? { name: "", arguments: "" };
          if (delta.id) {
            expect(entry.id === undefined || entry.id === delta.id).toBe(true);
            entry.id = delta.id;
          }
          entry.name += delta.function?.name ?? "";
          entry.arguments += delta.function?.arguments ?? "";
          calls.set(delta.index, entry);
        }
      }
    }
    expect(finishes).toEqual(["tool_calls"]);
    expect([...calls.keys()]).toEqual([0]);
    const call = calls.get(0)!;
    expect(call.id).toMatch(/^call_/);
    expect(call.name).toBe("get_weather");
    expect(JSON.parse(call.arguments)).toEqual({ city: "Kazan", days: 1 });
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("accepts response_format json_object", async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "json please" }],
      response_format: { type: "json_object" },
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: json please");
    expect(completion.choices[0]!.finish_reason).toBe("stop");
  });
});

describe("tools on a model without tool support", () => {
  it("rejects tools for mts/mws-gpt-alpha with a 400 naming the param", async () => {
    const error = await client.chat.completions
      .create({ model: "mts/mws-gpt-alpha", messages: [{ role: "user", content: "hi" }], tools: [weatherTool] })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(apiError.status).toBe(400);
    expect(apiError.param).toBe("tools");
    expect(apiError.code).toBe("unsupported_parameter");
  });
});

describe("a forced function that is not among the tools", () => {
  const refusal = "tool_choice: 'get_time' is not among the tools";

  async function post(path: string, body: object) {
    const res = await fetch(`${api.baseURL}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify(body),
    });
    return { status: res.status, attempts: res.headers.get("x-xrouter-attempts"), body: (await res.json()) as unknown };
  }

  it.each(TOOL_MODELS)("is refused for %s by chat completions before any provider call, with or without tools", async (model) => {
    const forced = { type: "function", function: { name: "get_time" } };
    for (const tools of [[weatherTool], undefined]) {
      const res = await post("/chat/completions", { model, messages: [{ role: "user", content: "hi" }], tools, tool_choice: forced });
      expect(res.status).toBe(400);
      expect(res.attempts).toBeNull();
      expect(res.body).toEqual({ error: { message: refusal, type: "invalid_request_error", code: "invalid_request", param: "tool_choice" } });
    }
  });

  it("is refused by the Responses API in its shape", async () => {
    const res = await post("/responses", {
      model: "gigachat/GigaChat-2-Max",
      input: "hi",
      tools: [{ type: "function", name: "get_weather", parameters: weatherTool.function.parameters }],
      tool_choice: { type: "function", name: "get_time" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { message: refusal, type: "invalid_request_error", code: "invalid_request", param: "tool_choice" } });
  });

  it("is refused by the Messages API in its shape", async () => {
    const res = await post("/messages", {
      model: "yandex/yandexgpt",
      max_tokens: 50,
      messages: [{ role: "user", content: "hi" }],
      tools: [{ name: "get_weather", input_schema: weatherTool.function.parameters }],
      tool_choice: { type: "tool", name: "get_time" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: "error", error: { type: "invalid_request_error", message: refusal } });
  });
});
