import { billedStreamUsage, billsDelivered, deliveredUsage, type CountedTokens, type StreamEnd } from "../../billing/stream-usage";
import type { CatalogModel } from "../../core/catalog";
import { GatewayError, toGatewayError } from "../../core/errors";
import { getLogger } from "../../logging/logger";
import type { ChatCompletionChunk, ChatRequest, Usage } from "../../providers/openai";
import type { Success } from "../../routing/execute";
import { routingSettings } from "../../routing/settings";
import { countDelivered } from "./count-delivered";
import type { Outcome, Run } from "./endpoint";

/** How often a stream records what it has delivered (billed if the instance dies before the stream ends). */
const PROGRESS_MARK_MS = 1_000;

/**
 * Relays an upstream chat stream (the providers' common form) as it comes: `emit` writes each chunk with content
 * in the endpoint's own format (chat chunks, Responses events, Messages events). Returns what the caller got,
 * billed by the partial-stream rule against `chat` (the request in chat terms): progress marks at most once a
 * second, a stall ends the stream (XROUTER_STREAM_IDLE_TIMEOUT_MS), a break after the start becomes `failure`, a
 * caller who left 499. A stream billed for what it delivered is counted by the provider's tokenizer first, where
 * the provider has one (countDelivered, at most TOKENIZER_TIMEOUT_MS).
 * A stream the response cache may keep collects its chunks in `run.cache.chunks`.
 */
export async function relayChatStream(
  run: Run<unknown>,
  chat: ChatRequest,
  done: Success<unknown>,
  iterator: AsyncIterator<ChatCompletionChunk>,
  first: IteratorResult<ChatCompletionChunk>,
  emit: (chunk: ChatCompletionChunk) => void,
): Promise<Outcome> {
  const { ctx, hold } = run;
  const model: CatalogModel = done.route.model;
  const prompt = chat.messages;
  let usage: Usage | undefined;
  let delivered = "";
  let finishReason: string | null = null;
  let firstTokenMs: number | undefined;
  let failure: GatewayError | undefined;
  let lastMarkAt = 0;
  let stalled = false;
  // One timer for the whole stream, pushed back by every chunk.
  const idle = setTimeout(() => {
    stalled = true;
    done.abort(new Error("stream stalled"));
  }, routingSettings.streamIdleTimeoutMs);
  try {
    for (let next = first; !next.done; next = await iterator.next()) {
      const chunk = next.value;
      idle.refresh();
      if (chunk.usage) usage = chunk.usage;
      if (chunk.choices.length === 0) continue;
      run.cache?.chunks?.push(chunk);
      const now = Date.now();
      firstTokenMs ??= now - ctx.startedAt;
      for (const choice of chunk.choices) {
        delivered += (choice.delta.content ?? "") + (choice.delta.reasoning_content ?? "");
        for (const call of choice.delta.tool_calls ?? []) delivered += (call.function.name ?? "") + call.function.arguments;
        finishReason = choice.finish_reason ?? finishReason;
      }
      emit(chunk);
      if (now - lastMarkAt >= PROGRESS_MARK_MS) {
        lastMarkAt = now;
        hold.progress(deliveredUsage(prompt, delivered, usage), model);
      }
    }
  } catch (err) {
    if (stalled) {
      failure = new GatewayError(
        504,
        `upstream provider '${model.provider}' sent nothing for ${routingSettings.streamIdleTimeoutMs} ms; the stream was ended`,
        "upstream_error",
        "upstream_stream_stalled",
      );
      getLogger().warn({ model: model.id }, "upstream stream stalled after the response started");
    } else if (!ctx.signal.aborted) {
      failure = toGatewayError(err, model.provider);
      getLogger().warn({ err, model: model.id }, "upstream stream broke after the response started");
    }
  } finally {
    clearTimeout(idle);
  }

  const aborted = ctx.signal.aborted;
  const end: StreamEnd = { prompt, delivered, reported: usage, started: firstTokenMs !== undefined, complete: !failure && !aborted };
  let counted: CountedTokens | undefined;
  if (billsDelivered(end)) {
    // The upstream is done with: its concurrency slot is not kept while the tokenizer counts.
    done.release();
    counted = await countDelivered(done.route, chat, delivered, usage?.prompt_tokens !== undefined, ctx.requestId);
  }
  return {
    usage: billedStreamUsage(end, counted),
    status: aborted ? 499 : failure ? failure.status : 200,
    errorCode: aborted ? "client_closed_request" : (failure?.code ?? null),
    failure: aborted ? undefined : failure,
    finishReason: failure ? "error" : finishReason,
    firstTokenMs,
  };
}
