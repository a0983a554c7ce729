import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { EmulatedReply, EmulatedTurn } from "../emulator/replies";
import { sleep } from "../emulator/server";
import { imageNote, readImageUrl } from "../image-data";

/** The parts of an incoming chat request the emulator looks at (it is not validated like the gateway does). */
export interface EmulatedChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown }[];
  tools?: { function?: { name?: string; parameters?: Record<string, unknown> } }[];
  tool_choice?: string | { function?: { name?: string } };
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  n?: number | null;
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

/** What the echo says about a message's images: `[image: 68 bytes png]` for a data URL, `[image: <url>]` otherwise. */
function imageNotes(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap((part: { type?: unknown; image_url?: { url?: unknown } }) => {
    if (part?.type !== "image_url" || typeof part.image_url?.url !== "string") return [];
    const image = readImageUrl(part.image_url.url);
    return [image.kind === "data" ? imageNote(image.bytes.length, image.type) : `[image: ${part.image_url.url}]`];
  });
}

export function toTurn(req: EmulatedChatRequest): EmulatedTurn {
  const last = req.messages.at(-1);
  const lastRole = last?.role;
  const choice = req.tool_choice;
  return {
    texts: req.messages.map((m) => textOf(m.content)),
    lastRole: lastRole === "tool" || lastRole === "assistant" || lastRole === "system" ? lastRole : "user",
    lastText: [textOf(last?.content), ...imageNotes(last?.content)].filter(Boolean).join(" "),
    tools: (req.tools ?? []).map((t) => ({ name: t.function?.name ?? "tool", parameters: t.function?.parameters })),
    toolChoice: typeof choice === "string" ? (choice === "none" ? "none" : undefined) : choice?.function?.name,
    maxTokens: req.max_completion_tokens ?? req.max_tokens ?? undefined,
  };
}

/**
 * Qwen3-style hybrid reasoning, like vLLM with `--reasoning-parser qwen3`: a model whose chat template has the
 * thinking switch thinks unless `chat_template_kwargs.enable_thinking` is false; any other model never does
 * (its template ignores the kwarg).
 */
export function reasoningFor(req: EmulatedChatRequest, turn: EmulatedTurn, thinks: boolean): string | undefined {
  if (!thinks || req.chat_template_kwargs?.enable_thinking === false) return undefined;
  return `Thinking about: ${turn.lastText}`;
}

/** vLLM answers `n` choices (1 when absent or null). */
export const choiceCount = (req: EmulatedChatRequest): number => req.n ?? 1;

const vllmId = (prefix: string) => `${prefix}-${randomBytes(16).toString("hex")}`;

/** Completion tokens are summed over the choices, as vLLM does. */
function usageOf(reply: EmulatedReply, reasoning: string | undefined, choices: number) {
  const completion = choices * (reply.completionTokens + (reasoning ? reasoning.split(/\s+/).length : 0));
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
  const messageOf = () => {
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
    return message;
  };
  const n = choiceCount(req);
  return {
    id: vllmId("chatcmpl"),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: messageOf(),
      logprobs: null,
      finish_reason: reply.finish,
      stop_reason: null,
    })),
    usage: usageOf(reply, reasoning, n),
    prompt_logprobs: null,
  };
}

export interface StreamOptions {
  reasoning?: string;
  field?: ReasoningField;
  /** Drop the socket after this many chunks following the role chunk ([[cut:N]]). */
  cutAfterChunks?: number;
}

/**
 * Streams like vLLM: a role chunk per choice, then each step's delta for every choice in turn (one choice per
 * chunk, told apart by `index`), a finish chunk per choice, the `choices: []` usage chunk if asked, `[DONE]`.
 */
export async function streamCompletion(
  res: ServerResponse,
  req: EmulatedChatRequest,
  reply: EmulatedReply,
  options: StreamOptions,
) {
  const id = vllmId("chatcmpl");
  const created = Math.floor(Date.now() / 1000);
  const n = choiceCount(req);
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: req.model, choices, ...extra })}\n\n`,
    );
  const delta = (index: number, d: Record<string, unknown>, finish: string | null = null) => [
    { index, delta: d, logprobs: null, finish_reason: finish },
  ];

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  for (let i = 0; i < n; i++) send(delta(i, { role: "assistant", content: "" }));

  const bodyDeltas = (): Record<string, unknown>[] => {
    const deltas: Record<string, unknown>[] = [];
    if (options.reasoning && options.field) {
      for (const word of options.reasoning.split(/(?= )/)) deltas.push({ [options.field]: word });
    }
    if (reply.toolCall) {
      const args = JSON.stringify(reply.toolCall.arguments);
      const half = Math.ceil(args.length / 2);
      // vLLM's hermes parser: the first delta names the call (no arguments), the next ones carry argument text.
      deltas.push({
        tool_calls: [
          { index: 0, id: vllmId("chatcmpl-tool"), type: "function", function: { name: reply.toolCall.name } },
        ],
      });
      deltas.push({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] });
      deltas.push({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] });
    }
    for (const piece of reply.pieces) deltas.push({ content: piece });
    return deltas;
  };
  const perChoice = Array.from({ length: n }, bodyDeltas);

  let sent = 0;
  const cut = () => options.cutAfterChunks !== undefined && sent >= options.cutAfterChunks;
  for (let step = 0; step < (perChoice[0]?.length ?? 0); step++) {
    for (let i = 0; i < n; i++) {
      if (res.destroyed) return;
      if (cut()) {
        res.socket?.destroy();
        return;
      }
      send(delta(i, perChoice[i]![step]!));
      sent += 1;
    }
    await sleep(1);
  }
  if (cut()) {
    res.socket?.destroy();
    return;
  }
  for (let i = 0; i < n; i++) send(delta(i, { content: "" }, reply.finish));
  if (req.stream_options?.include_usage) send([], { usage: usageOf(reply, options.reasoning, n) });
  res.end("data: [DONE]\n\n");
}
