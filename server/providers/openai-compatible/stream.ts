import { UpstreamError } from "../../core/upstream-error";
import type { UpstreamResponse } from "../http";
import type { ChatCompletionChunk } from "../openai";
import { readSse } from "../sse";
import { createChunkNormalizer } from "./normalize";
import { upstreamErrorFromDetail } from "./upstream-error";
import type { WireChunk } from "./wire";

function parseChunk(data: string): WireChunk {
  try {
    return JSON.parse(data) as WireChunk;
  } catch {
    throw new UpstreamError(502, "upstream sent an invalid stream chunk", { code: "upstream_error" });
  }
}

/**
 * Turns an upstream SSE body into OpenAI chunks, one out per one in (no buffering).
 *
 * Usage: the upstream's trailing `{"choices":[],"usage":{...}}` chunk (sent because we always ask for
 * include_usage) is yielded as it is, as the last item: a chunk with empty `choices` carrying `usage`.
 * It is not merged into the previous chunk, since that would hold every chunk back by one.
 *
 * A stream that breaks (socket dropped, no `[DONE]` and no finish_reason) throws an UpstreamError
 * instead of ending cleanly, so the gateway can send an honest error event.
 */
export async function* readChatChunks(
  res: UpstreamResponse,
  requestedModel: string,
  signal: AbortSignal,
): AsyncGenerator<ChatCompletionChunk> {
  const normalize = createChunkNormalizer(requestedModel);
  let done = false;
  let finished = false;
  try {
    for await (const event of readSse(res.body)) {
      if (event.data === "[DONE]") {
        done = true;
        break;
      }
      const wire = parseChunk(event.data);
      if (wire.error) throw upstreamErrorFromDetail(502, wire.error);
      const chunk = normalize(wire);
      if (chunk.choices.some((choice) => choice.finish_reason !== null)) finished = true;
      yield chunk;
    }
  } catch (err) {
    if (signal.aborted || err instanceof UpstreamError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new UpstreamError(502, `upstream stream broke: ${message}`, { code: "upstream_error" });
  } finally {
    if (!done) res.body.destroy();
  }
  // Lenient towards servers that omit `[DONE]` after a finished choice; strict about a cut-off stream.
  if (!done && !finished) throw new UpstreamError(502, "upstream stream ended early", { code: "upstream_error" });
}
