/**
 * Deterministic model behaviour shared by every emulator, so tests can predict replies:
 * - the reply to a user message is `Echo: <text of the last user message>`;
 * - after a tool/function result the reply is `Tool result: <its content>`;
 * - when tools are offered (and not turned off) and the last message is the user's, the model calls the
 *   named tool, or else the first one, with every required property filled (strings get the user's text);
 * - `max_tokens` cuts the reply at that many words with finish reason "length";
 * - directives in the last user message drive failure tests:
 *   `[[status:503]]` answers with that HTTP error status (provider-shaped body),
 *   `[[slow:300]]` waits that many ms before answering,
 *   `[[cut:3]]` (streams) drops the connection after that many content chunks,
 *   `[[filter]]` ends with the provider's content-filter reason.
 * Token counts: prompt = ceil(characters of all message text / 4), completion = words of the reply.
 */
export interface EmulatedTool {
  name: string;
  parameters?: Record<string, unknown>;
}

export interface EmulatedTurn {
  /** Text of every message, in order (for prompt token counting). */
  texts: string[];
  lastRole: "user" | "tool" | "assistant" | "system";
  lastText: string;
  tools: EmulatedTool[];
  /** Name of a forced tool, "none" to forbid calls, undefined for auto. */
  toolChoice?: string;
  maxTokens?: number;
}

export interface Directives {
  status?: number;
  slowMs?: number;
  cutAfterChunks?: number;
  filter: boolean;
}

export interface EmulatedReply {
  kind: "text" | "tool_call";
  /** Words of the text reply, each streamed as one chunk (with its leading space). */
  pieces: string[];
  toolCall?: { name: string; arguments: Record<string, unknown> };
  finish: "stop" | "length" | "tool_calls" | "content_filter";
  promptTokens: number;
  completionTokens: number;
}

export function parseDirectives(text: string): Directives {
  const number = (name: string) => {
    const match = new RegExp(`\\[\\[${name}:(\\d+)\\]\\]`).exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return {
    status: number("status"),
    slowMs: number("slow"),
    cutAfterChunks: number("cut"),
    filter: text.includes("[[filter]]"),
  };
}

export function countPromptTokens(texts: string[]): number {
  return Math.max(1, Math.ceil(texts.join("\n").length / 4));
}

function fillArguments(parameters: Record<string, unknown> | undefined, text: string): Record<string, unknown> {
  const properties = (parameters?.properties ?? {}) as Record<string, { type?: string }>;
  const required = (parameters?.required ?? []) as string[];
  const args: Record<string, unknown> = {};
  for (const key of required) {
    const type = properties[key]?.type;
    args[key] = type === "number" || type === "integer" ? 1 : type === "boolean" ? true : text;
  }
  return args;
}

export function emulateReply(turn: EmulatedTurn): EmulatedReply {
  const promptTokens = countPromptTokens(turn.texts);
  const wantsTool = turn.tools.length > 0 && turn.toolChoice !== "none" && turn.lastRole === "user";
  if (wantsTool) {
    const tool = turn.tools.find((t) => t.name === turn.toolChoice) ?? turn.tools[0]!;
    const args = fillArguments(tool.parameters, turn.lastText);
    return {
      kind: "tool_call",
      pieces: [],
      toolCall: { name: tool.name, arguments: args },
      finish: "tool_calls",
      promptTokens,
      completionTokens: Math.max(1, Math.ceil(JSON.stringify(args).length / 4)),
    };
  }
  const text = turn.lastRole === "tool" ? `Tool result: ${turn.lastText}` : `Echo: ${turn.lastText}`;
  const words = text.split(/\s+/).filter(Boolean);
  const limited = turn.maxTokens !== undefined && words.length > turn.maxTokens;
  const kept = limited ? words.slice(0, turn.maxTokens) : words;
  const filtered = parseDirectives(turn.lastText).filter;
  return {
    kind: "text",
    pieces: kept.map((word, i) => (i === 0 ? word : ` ${word}`)),
    finish: filtered ? "content_filter" : limited ? "length" : "stop",
    promptTokens,
    completionTokens: kept.length,
  };
}
