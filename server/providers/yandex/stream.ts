import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletionChunk, ChunkToolCallDelta } from "../openai";
import { finishReason, newCompletionId, toOpenAIToolCalls, toOpenAIUsage } from "./transform";
import { yandexError } from "./upstream-error";
import type { YandexCompletionEnvelope, YandexUsage } from "./wire";

type Delta = ChatCompletionChunk["choices"][number]["delta"];

/**
 * Native frames carry the cumulative text so far; OpenAI deltas are `text[sent.length:]`.
 * The docs warn intermediate text "may change": a frame that does not extend what was sent is held back until
 * one does again. Text already sent cannot be taken back, so if even the final frame diverges, only its part
 * beyond the sent length is emitted (the client's text then has the final length but may differ from it).
 */
function nextPiece(sent: string, text: string, terminal: boolean): string | undefined {
  if (text.startsWith(sent)) return text.slice(sent.length);
  return terminal ? text.slice(sent.length) : undefined;
}

/** Converts the native NDJSON stream into OpenAI chunks; the last chunk carries finish_reason and usage. */
export async function* toOpenAIChunks(
  frames: AsyncIterable<YandexCompletionEnvelope>,
  model: string,
  signal?: AbortSignal,
): AsyncGenerator<ChatCompletionChunk> {
  const id = newCompletionId();
  const created = Math.floor(Date.now() / 1000);
  const chunk = (
    delta: Delta,
    finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null,
  ): ChatCompletionChunk => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  let sent = "";
  let roleSent = false;
  let toolCallsSent = 0;
  let usage: YandexUsage | undefined;
  try {
    for await (const frame of frames) {
      // grpc-gateway convention for a mid-stream failure; UNCONFIRMED for Yandex specifically (providers.md §2.5).
      if (frame.error) throw yandexError(frame.error.httpCode ?? 502, frame.error);
      const alternative = frame.result?.alternatives[0];
      if (!alternative) continue;
      usage = frame.result?.usage ?? usage;
      const finish = finishReason(alternative.status);
      const terminal = finish !== null;

      const delta: Delta = {};
      const piece = nextPiece(sent, alternative.message.text ?? "", terminal);
      if (piece !== undefined && piece !== "") {
        delta.content = piece;
        sent = sent + piece;
      }
      const calls = alternative.message.toolCallList?.toolCalls ?? [];
      if (calls.length > toolCallsSent) {
        const fresh = toOpenAIToolCalls({ toolCalls: calls.slice(toolCallsSent) });
        delta.tool_calls = fresh.map((call, i): ChunkToolCallDelta => ({
          index: toolCallsSent + i,
          id: call.id,
          type: "function",
          function: call.function,
        }));
        toolCallsSent = calls.length;
      }
      if (!roleSent) {
        delta.role = "assistant";
        delta.content ??= delta.tool_calls ? null : "";
        roleSent = true;
      }
      if (Object.keys(delta).length > 0) yield chunk(delta);
      if (terminal) {
        yield { ...chunk({}, finish), usage: toOpenAIUsage(usage) };
        return;
      }
    }
  } catch (err) {
    if (err instanceof UpstreamError || signal?.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new UpstreamError(502, `yandex stream failed: ${message}`, { retryable: true });
  }
  throw new UpstreamError(502, "yandex stream ended before a final status", { retryable: true });
}
