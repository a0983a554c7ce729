import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "../../providers/openai";
import { messageEvents, sseFrame } from "./stream-events";

const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null): ChatCompletionChunk => ({
  id: "x",
  object: "chat.completion.chunk",
  created: 0,
  model: "m",
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe("messageEvents", () => {
  it("opens a block per kind of content and closes the last one before message_delta", () => {
    const events = messageEvents("msg_1", "mts/qwen3-32b", 7);
    const out = [
      ...events.start(),
      ...events.chunk(chunk({ role: "assistant", content: "" })),
      ...events.chunk(chunk({ content: "Let me look." })),
      ...events.chunk(chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "Read", arguments: '{"file_' } }] })),
      ...events.chunk(chunk({ tool_calls: [{ index: 0, function: { arguments: 'path":"x"}' } }] })),
      ...events.chunk(chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "Bash", arguments: "{}" } }] }, "tool_calls")),
      ...events.end("tool_calls", { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 } }, 2_500),
    ];
    expect(out).toEqual([
      { type: "message_start", message: expect.objectContaining({ id: "msg_1", model: "mts/qwen3-32b", content: [], usage: expect.objectContaining({ input_tokens: 7, output_tokens: 0 }) }) },
      { type: "ping" },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Let me look." } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_a", name: "Read", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"file_' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: 'path":"x"}' } },
      { type: "content_block_stop", index: 1 },
      { type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "toolu_b", name: "Bash", input: {} } },
      { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: "{}" } },
      { type: "content_block_stop", index: 2 },
      {
        type: "message_delta",
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { input_tokens: 6, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 4, cost_rub: 0.0025 },
      },
      { type: "message_stop" },
    ]);
  });

  it("frames an event as Anthropic's SSE: the event line names its type", () => {
    expect(sseFrame({ type: "ping" })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });
});
