import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, convertToModelMessages, streamText, type UIMessage } from "ai";
import { getDb } from "../../db";
import { getCatalog } from "../../core/catalog";
import { costMicro } from "../../billing/cost";
import { serveWebApi } from "../public-api/doors";
import type { Principal } from "../../core/principal";
import { getLogger } from "../../logging/logger";
import { getPlaygroundPrincipal } from "./get-playground-principal";
import type { PlaygroundChatInput, PlaygroundMetadata } from "./types";

/** The in-process base URL: never resolved over the network, every call goes through `serveWebApi`. */
const INTERNAL_BASE_URL = "http://xrouter.internal/api/v1";

/** A refusal before anything streams (answered as JSON with this status). */
export class PlaygroundRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "PlaygroundRequestError";
  }
}

/**
 * An AI SDK provider whose `fetch` is the gateway itself, acting as `principal`. `onResponse` sees each gateway
 * response (its headers carry `x-request-id`, the id the request is recorded under).
 */
export function gatewayProvider(principal: Principal, onResponse?: (response: Response) => void) {
  const gatewayFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^\/api\/v1/, "");
    const response = await serveWebApi(request, path, principal);
    onResponse?.(response);
    return response;
  };
  return createOpenAICompatible({ name: "xrouter", baseURL: INTERNAL_BASE_URL, includeUsage: true, fetch: gatewayFetch as typeof fetch });
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "message" in value && typeof value.message === "string") return value.message;
  return undefined;
}

/** A readable sentence for the UI from whatever the gateway or the SDK failed with. */
export function describeError(error: unknown): string {
  if (APICallError.isInstance(error)) {
    let message = error.message;
    try {
      const body = JSON.parse(error.responseBody ?? "") as { error?: unknown };
      message = messageOf(body.error) ?? message;
    } catch {
      // not JSON: keep the SDK's message
    }
    return error.statusCode ? `${message} (HTTP ${error.statusCode})` : message;
  }
  if (error instanceof Error) return error.message;
  return messageOf(error) ?? "the model request failed";
}

/**
 * One playground turn: streams `input.model`'s answer through the same gateway pipeline as the public API
 * (validation, routing, metering, recording under the user's "Playground" key) and returns a UI message
 * stream response with the tokens, cost, latency, and the gateway's request id as the assistant message's metadata.
 */
export async function playgroundChat(input: PlaygroundChatInput, userId: string, signal?: AbortSignal): Promise<Response> {
  const startedAt = Date.now();
  const model = (await getCatalog()).get(input.model);
  if (!model || model.kind !== "chat") throw new PlaygroundRequestError(400, `unknown chat model '${input.model}'`);
  const principal = await getPlaygroundPrincipal(await getDb(), userId);
  const messages = await convertToModelMessages(input.messages as UIMessage[], { ignoreIncompleteToolCalls: true });
  // The gateway's id for this turn (one call: no retries), shown to the UI so the user can rate the answer.
  let requestId: string | undefined;
  const onResponse = (response: Response) => {
    requestId = response.headers.get("x-request-id") ?? requestId;
  };

  const result = streamText({
    model: gatewayProvider(principal, onResponse).chatModel(model.id),
    system: input.system?.trim() ? input.system : undefined,
    messages,
    temperature: input.temperature,
    maxOutputTokens: input.maxOutputTokens,
    abortSignal: signal,
    // Each retry would be another charged request: the user retries by hand instead.
    maxRetries: 0,
    // The UI gets the error through `onError` below; the log gets it here (instead of the SDK's console output).
    onError: ({ error }) => getLogger().warn({ err: error, model: model.id }, "playground request failed"),
  });

  return result.toUIMessageStreamResponse<UIMessage<PlaygroundMetadata>>({
    sendReasoning: true,
    onError: describeError,
    messageMetadata: ({ part }): PlaygroundMetadata | undefined => {
      if (part.type === "start") return { model: model.id };
      if (part.type !== "finish") return undefined;
      const inputTokens = part.totalUsage.inputTokens ?? 0;
      const outputTokens = part.totalUsage.outputTokens ?? 0;
      const cached = part.totalUsage.inputTokenDetails?.cacheReadTokens ?? 0;
      return {
        model: model.id,
        inputTokens,
        outputTokens,
        costMicro: costMicro(
          { prompt_tokens: inputTokens, completion_tokens: outputTokens, prompt_tokens_details: { cached_tokens: cached } },
          model.price,
        ),
        latencyMs: Date.now() - startedAt,
        finishReason: part.finishReason,
        requestId,
      };
    },
  });
}
