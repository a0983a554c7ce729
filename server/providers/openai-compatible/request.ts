import type { ChatMessage, ChatRequest } from "../openai";

export interface OpenAICompatibleQuirks {
  /** Request parameters the upstream rejects: left out and reported in `dropped` when the caller set them. */
  dropParams?: string[];
  /** Extra top-level body fields (vLLM extensions such as `chat_template_kwargs`); merged over the request. */
  extraBody?: (req: ChatRequest) => Record<string, unknown>;
  /** Request fields `extraBody` carries in another form: not sent as they are, and not reported as dropped. */
  translated?: string[];
}

/**
 * vLLM chat templates (Qwen, Llama) know `system` but not OpenAI's newer `developer` role, so it is
 * sent as `system`; everything else passes through unchanged.
 */
function toUpstreamMessage(message: ChatMessage): ChatMessage {
  return message.role === "developer" ? { ...message, role: "system" } : message;
}

/**
 * Values vLLM refuses (SamplingParams and request validators) rewritten to what means the same, so a request
 * the gateway accepts is never a 400 upstream:
 * - `top_p: 0` (vLLM wants (0, 1]) keeps only the likeliest token, which is greedy decoding: `temperature: 0`;
 * - empty `stop` strings ("stop cannot contain an empty string") stop nothing, so they are left out;
 * - `tool_choice` without tools ("When using `tool_choice`, `tools` must be set") has nothing to choose from.
 * `reasoning_effort: "minimal"` is not among vLLM's low/medium/high: left out and reported as dropped.
 */
function fitVllm(body: Record<string, unknown>, dropped: string[]): void {
  if (body.top_p === 0) {
    delete body.top_p;
    body.temperature = 0;
  }
  if (body.stop !== undefined) {
    const stops = (Array.isArray(body.stop) ? body.stop : [body.stop]).filter((s) => s !== "");
    if (stops.length === 0) delete body.stop;
    else body.stop = Array.isArray(body.stop) ? stops : stops[0];
  }
  if (!Array.isArray(body.tools) || body.tools.length === 0) delete body.tool_choice;
  if (body.reasoning_effort === "minimal") {
    delete body.reasoning_effort;
    dropped.push("reasoning_effort");
  }
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
  for (const param of quirks.translated ?? []) delete body[param];
  fitVllm(body, dropped);
  Object.assign(body, quirks.extraBody?.(req));
  if (stream) {
    body.stream = true;
    // Always asked for, whatever the client wanted: the gateway meters from the final usage chunk and
    // emits the client's include_usage chunk itself.
    body.stream_options = { include_usage: true };
  }
  return { body, dropped };
}
