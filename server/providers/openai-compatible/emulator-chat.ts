import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { EmulatedReply, EmulatedTurn } from "../emulator/replies";
import { sleep } from "../emulator/server";

/** The parts of an incoming chat request the emulator looks at (it is not validated like the gateway does). */
export interface EmulatedChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown }[];
  tools?: { function?: { name?: string; parameters?: Record<string, unknown> } }[];
  tool_choice?: string | { function?: { name?: string } };
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  chat_template_kwargs?: { enable_thinking?: boolean };
}

export type ReasoningField = "reasoning_content" | "reasoning";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (part && typeof part === "object" && "text" in part ? String(part.text) : ""))
    .join("");
}

export function toTurn(req: EmulatedChatRequest): EmulatedTurn {
  const last = req.messages.at(-1);
  const lastRole = last?.role;
  const choice = req.tool_choice;
  return {
    texts: req.messages.map((m) => textOf(m.content)),
    lastRole: lastRole === "tool" || lastRole === "assistant" || lastRole === "system" ? lastRole : "user",
    lastText: textOf(last?.content),
    tools: (req.tools ?? []).map((t) => ({ name: t.function?.name ?? "tool", parameters: t.function?.parameters })),
    toolChoice: typeof choice === "string" ? (choice === "none" ? "none" : undefined) : choice?.function?.name,
    maxTokens: req.max_completion_tokens ?? req.max_tokens ?? undefined,
  };
}

/**
 * Qwen3-style hybrid reasoning: with a reasoning field configured the emulated model "thinks" unless
 * `chat_template_kwargs.enable_thinking` is false, like vLLM with `--reasoning-parser qwen3`.
 */
export function reasoningFor(req: EmulatedChatRequest, turn: EmulatedTurn, field?: ReasoningField): string | undefined {
  if (!field || req.chat_template_kwargs?.enable_thinking === false) return undefined;
  return `Thinking about: ${turn.lastText}`;
}

const vllmId = (prefix: string) => `${prefix}-${randomBytes(16).toString("hex")}`;

function usageOf(reply: EmulatedReply, reasoning: string | undefined) {
  const completion = reply.completionTokens + (reasoning ? reasoning.split(/\s+/).length : 0);
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: completion,
    total_tokens: reply.promptTokens + completion,
    prompt_tokens_details: null,
  };
}

export function completionBody(
  req: EmulatedChatRequest,
  reply: EmulatedReply,
  reasoning?: string,
  field?: ReasoningField,
) {
  const toolCalls = reply.toolCall
    ? [
        {
          id: vllmId("chatcmpl-tool"),
          type: "function",
          function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) },
        },
      ]
    : [];
  const message: Record<string, unknown> = {
    role: "assistant",
    content: reply.kind === "text" ? reply.pieces.join("") : null,
    tool_calls: toolCalls,
  };
  if (field) message[field] = reasoning ?? null;
  return {
    id: vllmId("chatcmpl"),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finish, stop_reason: null }],
    usage: usageOf(reply, reasoning),
    prompt_logprobs: null,
  };
}

export interface StreamOptions {
  reasoning?: string;
  field?: ReasoningField;
  /** Drop the socket after this many chunks following the role chunk ([[cut:N]]). */
  cutAfterChunks?: number;
}

/** Streams like vLLM: role chunk, deltas, a finish chunk, the `choices: []` usage chunk if asked, `[DONE]`. */
export async function streamCompletion(
  res: ServerResponse,
  req: EmulatedChatRequest,
  reply: EmulatedReply,
  options: StreamOptions,
) {
  const id = vllmId("chatcmpl");
  const created = Math.floor(Date.now() / 1000);
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: req.model, choices, ...extra })}\n\n`,
    );
  const delta = (d: Record<string, unknown>, finish: string | null = null) => [
    { index: 0, delta: d, logprobs: null, finish_reason: finish },
  ];

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  send(delta({ role: "assistant", content: "" }));

  const bodyDeltas: Record<string, unknown>[] = [];
  if (options.reasoning && options.field) {
    for (const word of options.reasoning.split(/(?= )/)) bodyDeltas.push({ [options.field]: word });
  }
  if (reply.toolCall) {
    const args = JSON.stringify(reply.toolCall.arguments);
    const half = Math.ceil(args.length / 2);
    // vLLM's hermes parser: the first delta names the call (no arguments), the next ones carry argument text.
    bodyDeltas.push({
      tool_calls: [
        { index: 0, id: vllmId("chatcmpl-tool"), type: "function", function: { name: reply.toolCall.name } },
      ],
    });
    bodyDeltas.push({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] });
    bodyDeltas.push({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] });
  }
  for (const piece of reply.pieces) bodyDeltas.push({ content: piece });

  let sent = 0;
  for (const d of bodyDeltas) {
    if (res.destroyed) return;
    if (options.cutAfterChunks !== undefined && sent >= options.cutAfterChunks) {
      res.socket?.destroy();
      return;
    }
    send(delta(d));
    sent += 1;
    await sleep(1);
  }
  if (options.cutAfterChunks !== undefined && sent >= options.cutAfterChunks) {
    res.socket?.destroy();
    return;
  }
  send(delta({ content: "" }, reply.finish));
  if (req.stream_options?.include_usage) send([], { usage: usageOf(reply, options.reasoning) });
  res.end("data: [DONE]\n\n");
}
