import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatRequest } from "../openai";
import {
  clampTemperature,
  finishReason,
  modelUri,
  toOpenAICompletion,
  toOpenAIUsage,
  toYandexRequest,
} from "./transform";
import type { YandexCompletionResult } from "./wire";

const FOLDER = "b1gfolder";

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: "yandexgpt/latest", messages: [{ role: "user", content: "hi" }], ...extra };
}

describe("toYandexRequest", () => {
  it("builds modelUri, text messages and roles", () => {
    const { body } = toYandexRequest(
      request({
        messages: [
          { role: "developer", content: "be brief" },
          {
            role: "user",
            content: [
              { type: "text", text: "a" },
              { type: "text", text: "b" },
            ],
          },
        ],
      }),
      FOLDER,
      false,
    );
    expect(body.modelUri).toBe("gpt://b1gfolder/yandexgpt/latest");
    expect(body.completionOptions).toEqual({ stream: false });
    expect(body.messages).toEqual([
      { role: "system", text: "be brief" },
      { role: "user", text: "ab" },
    ]);
  });

  it("keeps full URIs and expands embeddings with emb://", () => {
    expect(modelUri("gpt", FOLDER, "gpt://other/yandexgpt/rc")).toBe("gpt://other/yandexgpt/rc");
    expect(modelUri("emb", FOLDER, "text-search-doc/latest")).toBe("emb://b1gfolder/text-search-doc/latest");
  });

  it("maps assistant tool calls and groups consecutive tool results into one user message by name", () => {
    const { body } = toYandexRequest(
      request({
        messages: [
          { role: "user", content: "weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_a", type: "function", function: { name: "weather", arguments: '{"city":"Moscow"}' } },
              { id: "call_b", type: "function", function: { name: "time", arguments: "" } },
            ],
          },
          { role: "tool", tool_call_id: "call_b", content: "12:00" },
          { role: "tool", tool_call_id: "call_a", content: "8°C" },
        ],
      }),
      FOLDER,
      false,
    );
    expect(body.messages.slice(1)).toEqual([
      {
        role: "assistant",
        toolCallList: {
          toolCalls: [
            { functionCall: { name: "weather", arguments: { city: "Moscow" } } },
            { functionCall: { name: "time", arguments: {} } },
          ],
        },
      },
      {
        role: "user",
        toolResultList: {
          toolResults: [
            { functionResult: { name: "time", content: "12:00" } },
            { functionResult: { name: "weather", content: "8°C" } },
          ],
        },
      },
    ]);
  });

  it("rejects tool call arguments that are not a JSON object", () => {
    const bad = request({
      messages: [
        { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "[1]" } }] },
      ],
    });
    expect(() => toYandexRequest(bad, FOLDER, false)).toThrow(UpstreamError);
  });

  it("clamps temperature to 1, sends maxTokens as a string and maps reasoning_effort", () => {
    expect(clampTemperature(1.7)).toBe(1);
    expect(clampTemperature(0.4)).toBe(0.4);
    const { body } = toYandexRequest(
      request({ temperature: 2, max_tokens: 50, reasoning_effort: "high" }),
      FOLDER,
      true,
    );
    expect(body.completionOptions).toEqual({
      stream: true,
      temperature: 1,
      maxTokens: "50",
      reasoningOptions: { mode: "ENABLED_HIDDEN" },
    });
    const minimal = toYandexRequest(request({ reasoning_effort: "minimal" }), FOLDER, false).body;
    expect(minimal.completionOptions.reasoningOptions).toEqual({ mode: "DISABLED" });
  });

  it("maps tools, tool_choice, parallel_tool_calls and response_format", () => {
    const parameters = { type: "object", properties: { q: { type: "string" } }, required: ["q"] };
    const { body } = toYandexRequest(
      request({
        tools: [{ type: "function", function: { name: "search", description: "find", parameters, strict: true } }],
        tool_choice: { type: "function", function: { name: "search" } },
        parallel_tool_calls: false,
        response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
      }),
      FOLDER,
      false,
    );
    expect(body.tools).toEqual([{ function: { name: "search", description: "find", parameters, strict: true } }]);
    expect(body.toolChoice).toEqual({ functionName: "search" });
    expect(body.parallelToolCalls).toBe(false);
    expect(body.jsonSchema).toEqual({ schema: { type: "object" } });
    expect(toYandexRequest(request({ tool_choice: "required" }), FOLDER, false).body.toolChoice).toEqual({
      mode: "REQUIRED",
    });
    expect(toYandexRequest(request({ response_format: { type: "json_object" } }), FOLDER, false).body.jsonObject).toBe(
      true,
    );
  });

  it("lists only the unsupported parameters actually present", () => {
    const { body, dropped } = toYandexRequest(
      request({
        top_p: 0.9,
        stop: ["x"],
        seed: 1,
        presence_penalty: 0.5,
        frequency_penalty: null,
        user: "u1",
        temperature: 0.2,
      }),
      FOLDER,
      false,
    );
    expect(dropped).toEqual(["top_p", "stop", "seed", "presence_penalty", "user"]);
    expect(body).not.toHaveProperty("stop");
    expect(toYandexRequest(request(), FOLDER, false).dropped).toEqual([]);
  });
});

describe("response mapping", () => {
  it("maps statuses to finish reasons", () => {
    expect(finishReason("ALTERNATIVE_STATUS_FINAL")).toBe("stop");
    expect(finishReason("ALTERNATIVE_STATUS_TRUNCATED_FINAL")).toBe("length");
    expect(finishReason("ALTERNATIVE_STATUS_CONTENT_FILTER")).toBe("content_filter");
    expect(finishReason("ALTERNATIVE_STATUS_TOOL_CALLS")).toBe("tool_calls");
    expect(finishReason("ALTERNATIVE_STATUS_PARTIAL")).toBeNull();
  });

  it("turns string usage into integers, reasoning tokens too", () => {
    expect(
      toOpenAIUsage({
        inputTextTokens: "28",
        completionTokens: "10",
        totalTokens: "38",
        completionTokensDetails: { reasoningTokens: "4" },
      }),
    ).toEqual({
      prompt_tokens: 28,
      completion_tokens: 10,
      total_tokens: 38,
      completion_tokens_details: { reasoning_tokens: 4 },
    });
  });

  it("builds a chat.completion with generated ids and JSON-string tool arguments", () => {
    const result: YandexCompletionResult = {
      alternatives: [
        {
          message: {
            role: "assistant",
            toolCallList: { toolCalls: [{ functionCall: { name: "weatherTool", arguments: { city: "СПб" } } }] },
          },
          status: "ALTERNATIVE_STATUS_TOOL_CALLS",
        },
      ],
      usage: { inputTextTokens: "74", completionTokens: "14", totalTokens: "88" },
      modelVersion: "23.10.2024",
    };
    const completion = toOpenAICompletion(result, "yandexgpt/latest");
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(completion.system_fingerprint).toBe("23.10.2024");
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls?.[0]).toMatchObject({
      id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
      type: "function",
      function: { name: "weatherTool", arguments: '{"city":"СПб"}' },
    });
    expect(completion.usage).toEqual({ prompt_tokens: 74, completion_tokens: 14, total_tokens: 88 });
  });
});
