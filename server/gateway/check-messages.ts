import type { ChatMessage, ChatRequest } from "../providers/openai";
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

/**
 * A forced function must be one of the request's tools (as OpenAI requires; GigaChat, Yandex and vLLM refuse it
 * too): refused here for every provider, before any call. Responses and Messages check their chat translation.
 */
export function checkToolChoice(req: Pick<ChatRequest, "tools" | "tool_choice">): void {
  const choice = req.tool_choice;
  if (choice === undefined || typeof choice === "string") return;
  const name = choice.function.name;
  if (!req.tools?.some((tool) => tool.function.name === name)) {
    throw badRequest(`tool_choice: '${name}' is not among the tools`, "tool_choice");
  }
}
