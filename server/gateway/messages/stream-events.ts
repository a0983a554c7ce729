import type { BilledUsage } from "../../billing/cost";
import type { ChatCompletionChunk } from "../../providers/openai";
import { anthropicUsage, stopReason, toolUseId } from "./from-chat";

/** One server-sent event of a Messages stream: its `type` is also the SSE event name. */
export type MessagesEvent = { type: string } & Record<string, unknown>;

interface OpenBlock {
  index: number;
  /** The OpenAI tool call index a tool_use block was opened for. */
  toolIndex?: number;
}

/**
 * Turns the providers' chat chunks into Anthropic's stream events: `message_start`, then content blocks (text as
 * `text_delta`, tool calls as `tool_use` blocks with `input_json_delta`), then `message_delta` and `message_stop`.
 * Knows nothing of HTTP: what the events are written to is the caller's business. Reasoning text has no block here
 * (Anthropic's thinking blocks carry signatures no provider makes): it is billed as delivered, as in chat, but not sent.
 */
export function messageEvents(id: string, model: string, estimatedInputTokens: number) {
  let open: OpenBlock | undefined;
  let next = 0;
  /** OpenAI tool call index → its block, so argument pieces find their block even after another opened. */
  const toolBlocks = new Map<number, number>();

  const close = (): MessagesEvent[] => {
    if (!open) return [];
    const event = { type: "content_block_stop", index: open.index };
    open = undefined;
    return [event];
  };
  const openBlock = (block: Record<string, unknown>, toolIndex?: number): MessagesEvent[] => {
    const events = close();
    open = { index: next++, toolIndex };
    events.push({ type: "content_block_start", index: open.index, content_block: block });
    return events;
  };

  return {
    start: (): MessagesEvent[] => [
      {
        type: "message_start",
        message: {
          id,
          type: "message",
          role: "assistant",
          content: [],
          model,
          stop_reason: null,
          stop_sequence: null,
          // The real count comes with message_delta, once the provider has reported it.
          usage: { input_tokens: estimatedInputTokens, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: "standard" },
        },
      },
      { type: "ping" },
    ],

    chunk(chunk: ChatCompletionChunk): MessagesEvent[] {
      const events: MessagesEvent[] = [];
      for (const choice of chunk.choices) {
        const text = choice.delta.content;
        if (text) {
          if (open?.toolIndex !== undefined || !open) events.push(...openBlock({ type: "text", text: "" }));
          events.push({ type: "content_block_delta", index: open!.index, delta: { type: "text_delta", text } });
        }
        for (const call of choice.delta.tool_calls ?? []) {
          let index = toolBlocks.get(call.index);
          if (index === undefined) {
            events.push(...openBlock({ type: "tool_use", id: toolUseId(call.id ?? `${id.slice(4)}_${call.index}`), name: call.function.name ?? "", input: {} }, call.index));
            index = open!.index;
            toolBlocks.set(call.index, index);
          }
          if (call.function.arguments) events.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: call.function.arguments } });
        }
      }
      return events;
    },

    /** The events of a stream that ended normally, with what was billed. */
    end(finishReason: string | null | undefined, usage: BilledUsage, costMicro: number): MessagesEvent[] {
      return [
        ...close(),
        { type: "message_delta", delta: { stop_reason: stopReason(finishReason) ?? "end_turn", stop_sequence: null }, usage: anthropicUsage(usage, costMicro) },
        { type: "message_stop" },
      ];
    },
  };
}

/** Anthropic's SSE framing: the event's type names the event. */
export const sseFrame = (event: MessagesEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
