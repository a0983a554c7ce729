import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../openai";
import { createChunkMapper, fromGigaChatResponse, toGigaChatRequest } from "./transform";
import type { GigaChatResponse } from "./wire";

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

function response(overrides: Partial<GigaChatResponse["choices"][number]>, usage = {}): GigaChatResponse {
  return {
    choices: [{ message: { role: "assistant", content: "Hi" }, index: 0, finish_reason: "stop", ...overrides }],
    created: 1768996171,
    model: "GigaChat-2-Max:2.0.28.2",
    object: "chat.completion",
    usage: { prompt_tokens: 17, completion_tokens: 3, total_tokens: 20, ...usage },
  };
}

describe("toGigaChatRequest", () => {
  it("keeps only a leading system message and merges consecutive user messages", () => {
    const { body } = toGigaChatRequest({
      model: "GigaChat-2",
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "one" },
        { role: "system", content: "late system" },
        {
          role: "user",
          content: [
            { type: "text", text: "two" },
            { type: "text", text: "three" },
          ],
        },
        { role: "assistant", content: "ok" },
        { role: "user", content: "four" },
      ],
    });
    expect(body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "one\nlate system\ntwo\nthree" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "four" },
    ]);
  });

  it("maps tools to functions and tool_choice to function_call", () => {
    const base: ChatRequest = {
      model: "GigaChat-2",
      messages: [{ role: "user", content: "hi" }],
      tools: [weatherTool],
    };
    expect(toGigaChatRequest(base).body.functions).toEqual([weatherTool.function]);
    expect(toGigaChatRequest(base).body.function_call).toBeUndefined();
    expect(toGigaChatRequest({ ...base, tool_choice: "auto" }).body.function_call).toBe("auto");
    expect(toGigaChatRequest({ ...base, tool_choice: "none" }).body.function_call).toBe("none");
    const named = toGigaChatRequest({ ...base, tool_choice: { type: "function", function: { name: "get_weather" } } });
    expect(named.body.function_call).toEqual({ name: "get_weather" });
    const required = toGigaChatRequest({ ...base, tool_choice: "required" });
    expect(required.body.function_call).toBeUndefined();
    expect(required.dropped).toEqual(["tool_choice"]);
  });

  it("wraps a tool result that is not a JSON object as {result}, and gives a tool without parameters an empty schema", () => {
    const resultOf = (content: string) =>
      toGigaChatRequest({
        model: "GigaChat-2",
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c", type: "function", function: { name: "ping", arguments: "{}" } }],
          },
          { role: "tool", tool_call_id: "c", content },
        ],
        tools: [{ type: "function", function: { name: "ping" } }],
      }).body;
    expect(resultOf("42").messages[2]?.content).toBe('{"result":42}');
    expect(resultOf("[1]").messages[2]?.content).toBe('{"result":[1]}');
    expect(resultOf('"ok"').messages[2]?.content).toBe('{"result":"ok"}');
    expect(resultOf("ok").messages[2]?.content).toBe('{"result":"ok"}');
    expect(resultOf('{"a":1}').messages[2]?.content).toBe('{"a":1}');
    expect(resultOf("{}").functions).toEqual([{ name: "ping", parameters: { type: "object", properties: {} } }]);
  });

  it("turns assistant tool_calls into function_call objects and tool results into function messages by name", () => {
    const { body } = toGigaChatRequest({
      model: "GigaChat-2",
      messages: [
        { role: "user", content: "Weather in Moscow and Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Moscow"}' } },
            { id: "call_b", type: "function", function: { name: "get_time", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_a", content: '{"temp":20}' },
        { role: "tool", tool_call_id: "call_b", content: "noon" },
      ],
      tools: [weatherTool],
    });
    expect(body.messages.slice(1)).toEqual([
      { role: "assistant", content: "", function_call: { name: "get_weather", arguments: { city: "Moscow" } } },
      { role: "function", name: "get_weather", content: '{"temp":20}' },
      // GigaChat takes one call per turn: the second call is replayed before its result.
      { role: "assistant", content: "", function_call: { name: "get_time", arguments: { city: "Paris" } } },
      { role: "function", name: "get_time", content: '{"result":"noon"}' },
    ]);
  });

  it("reports only the unsupported parameters present and maps sampling options", () => {
    const { body, dropped } = toGigaChatRequest({
      model: "GigaChat-2",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0,
      top_p: 0.5,
      stop: ["x"],
      seed: 1,
      user: "u1",
      presence_penalty: null,
      max_completion_tokens: 64,
      max_tokens: 10,
    });
    expect(dropped.sort()).toEqual(["seed", "stop", "user"]);
    expect(body.top_p).toBe(0);
    expect(body.temperature).toBeUndefined();
    expect(body.max_tokens).toBe(64);

    const warm = toGigaChatRequest({
      model: "GigaChat-2",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0.7,
    });
    expect(warm.body.temperature).toBe(0.7);
    expect(warm.dropped).toEqual([]);
  });

  it("flattens json_schema response_format", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const { body } = toGigaChatRequest({
      model: "GigaChat-2",
      messages: [{ role: "user", content: "hi" }],
      response_format: { type: "json_schema", json_schema: { name: "x", schema, strict: true } },
    });
    expect(body.response_format).toEqual({ type: "json_schema", schema, strict: true });
  });
});

describe("fromGigaChatResponse", () => {
  it("adds an id, keeps the upstream model and maps cached tokens", () => {
    const out = fromGigaChatResponse(response({}, { precached_prompt_tokens: 5 }));
    expect(out.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(out.object).toBe("chat.completion");
    expect(out.model).toBe("GigaChat-2-Max:2.0.28.2");
    expect(out.choices[0]).toEqual({
      index: 0,
      message: { role: "assistant", content: "Hi" },
      finish_reason: "stop",
      logprobs: null,
    });
    expect(out.usage).toEqual({
      prompt_tokens: 17,
      completion_tokens: 3,
      total_tokens: 20,
      prompt_tokens_details: { cached_tokens: 5 },
    });
  });

  it("maps blacklist to content_filter", () => {
    expect(fromGigaChatResponse(response({ finish_reason: "blacklist" })).choices[0]?.finish_reason).toBe(
      "content_filter",
    );
  });

  it("maps function_call to tool_calls with string arguments and null content", () => {
    const out = fromGigaChatResponse(
      response({
        message: {
          role: "assistant",
          content: "",
          function_call: { name: "get_weather", arguments: { city: "Москва" } },
        },
        finish_reason: "function_call",
      }),
    );
    const choice = out.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Москва"}' },
      },
    ]);
  });

  it("round-trips a tool call back into a GigaChat request", () => {
    const out = fromGigaChatResponse(
      response({
        message: {
          role: "assistant",
          content: "",
          function_call: { name: "get_weather", arguments: { city: "Москва" } },
        },
        finish_reason: "function_call",
      }),
    );
    const call = out.choices[0]!.message.tool_calls![0]!;
    const { body } = toGigaChatRequest({
      model: "GigaChat-2",
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: '{"temp":-3}' },
      ],
      tools: [weatherTool],
    });
    expect(body.messages[1]?.function_call).toEqual({ name: "get_weather", arguments: { city: "Москва" } });
    expect(body.messages[2]).toEqual({ role: "function", name: "get_weather", content: '{"temp":-3}' });
  });
});

describe("createChunkMapper", () => {
  it("puts role in the first delta only and usage on the final chunk", () => {
    const map = createChunkMapper();
    const base = { created: 1, model: "GigaChat:2.0.28.2", object: "chat.completion" };
    const first = map({ ...base, choices: [{ delta: { role: "assistant", content: "Hel" }, index: 0 }] });
    const second = map({ ...base, choices: [{ delta: { content: "lo" }, index: 0 }] });
    const last = map({
      ...base,
      choices: [{ delta: { content: "" }, index: 0, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, precached_prompt_tokens: 0 },
    });
    expect(first.choices[0]?.delta).toEqual({ role: "assistant", content: "Hel" });
    expect(second.choices[0]?.delta).toEqual({ content: "lo" });
    expect(last.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(last.usage?.prompt_tokens_details).toEqual({ cached_tokens: 0 });
    expect(new Set([first.id, second.id, last.id]).size).toBe(1);
    expect(first.object).toBe("chat.completion.chunk");
  });

  it("turns a streamed function_call into a complete tool_calls delta", () => {
    const map = createChunkMapper();
    const chunk = map({
      created: 1,
      model: "GigaChat:2.0.28.2",
      object: "chat.completion",
      choices: [
        {
          delta: { role: "assistant", content: "", function_call: { name: "f", arguments: { a: 1 } } },
          index: 0,
          finish_reason: "function_call",
        },
      ],
    });
    expect(chunk.choices[0]).toMatchObject({
      delta: {
        role: "assistant",
        tool_calls: [{ index: 0, type: "function", function: { name: "f", arguments: '{"a":1}' } }],
      },
      finish_reason: "tool_calls",
    });
  });
});
