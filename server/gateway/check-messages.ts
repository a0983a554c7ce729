import type { ChatMessage } from "../providers/openai";
import { badRequest } from "../core/errors";

/** Every `tool` message must answer a call made by an earlier assistant message (as OpenAI requires). */
export function checkToolResults(messages: ChatMessage[]): void {
  const calls = new Set<string>();
  messages.forEach((message, index) => {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) calls.add(call.id);
    if (message.role === "tool" && !calls.has(message.tool_call_id)) {
      throw badRequest(
        `messages.${index}.tool_call_id: '${message.tool_call_id}' does not match a tool call of an earlier assistant message`,
        `messages.${index}.tool_call_id`,
      );
    }
  });
}
