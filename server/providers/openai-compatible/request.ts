import type { ChatMessage, ChatRequest } from "../openai";

export interface OpenAICompatibleQuirks {
  /** Request parameters the upstream rejects: left out and reported in `dropped` when the caller set them. */
  dropParams?: string[];
  /** Extra top-level body fields (vLLM extensions such as `chat_template_kwargs`); merged over the request. */
  extraBody?: (req: ChatRequest) => Record<string, unknown>;
}

/**
 * vLLM chat templates (Qwen, Llama) know `system` but not OpenAI's newer `developer` role, so it is
 * sent as `system`; everything else passes through unchanged.
 */
function toUpstreamMessage(message: ChatMessage): ChatMessage {
  return message.role === "developer" ? { ...message, role: "system" } : message;
}

export function buildChatBody(
  req: ChatRequest,
  quirks: OpenAICompatibleQuirks,
  stream: boolean,
): { body: Record<string, unknown>; dropped: string[] } {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req)) {
    if (value !== undefined && value !== null) body[key] = value;
  }
  body.messages = req.messages.map(toUpstreamMessage);
  delete body.stream;
  delete body.stream_options;

  const dropped: string[] = [];
  for (const param of quirks.dropParams ?? []) {
    if (param in body) dropped.push(param);
    delete body[param];
  }
  Object.assign(body, quirks.extraBody?.(req));
  if (stream) {
    body.stream = true;
    // Always asked for, whatever the client wanted: the gateway meters from the final usage chunk and
    // emits the client's include_usage chunk itself.
    body.stream_options = { include_usage: true };
  }
  return { body, dropped };
}
