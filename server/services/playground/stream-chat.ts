import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, convertToModelMessages, streamText, type UIMessage } from "ai";
import { getDb } from "../../db";
import { getCatalog } from "../../core/catalog";
import { costMicro } from "../../billing/cost";
import { serveWebApi } from "../public-api/doors";
import type { Principal } from "../../core/principal";
import { getLogger } from "../../logging/logger";
import { GatewayError } from "../../core/errors";
import { getPlaygroundPrincipal } from "./get-playground-principal";
import type { PlaygroundChatInput, PlaygroundFailure, PlaygroundMetadata } from "./types";

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

interface GatewayErrorBody {
  message?: unknown;
  code?: unknown;
  param?: unknown;
}

function gatewayErrorOf(body: string | undefined): GatewayErrorBody {
  try {
    const parsed = JSON.parse(body ?? "") as { error?: unknown };
    if (parsed.error && typeof parsed.error === "object") return parsed.error as GatewayErrorBody;
  } catch {
    // not JSON: the SDK's message stands
  }
  return {};
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/** What the gateway or the SDK failed with, for the UI to explain in the user's language. */
export function describeFailure(error: unknown): PlaygroundFailure {
  if (APICallError.isInstance(error)) {
    const body = gatewayErrorOf(error.responseBody);
    const retryAfter = Number.parseInt(error.responseHeaders?.["retry-after"] ?? "", 10);
    return {
      error: text(body.message) ?? error.message,
      status: error.statusCode,
      code: text(body.code),
      param: text(body.param),
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
    };
  }
  if (error instanceof GatewayError) return { error: error.message, status: error.status, code: error.code ?? undefined, param: error.param ?? undefined };
  if (error instanceof PlaygroundRequestError) return { error: error.message, status: error.status };
  return { error: error instanceof Error ? error.message : "the model request failed" };
}

/** The stream's error text: the failure as JSON. */
export const describeError = (error: unknown): string => JSON.stringify(describeFailure(error));

/** A balance or rate refusal is the user's everyday business, not a fault of ours: no warning, no stack. */
function logFailure(error: unknown, model: string): void {
  const { status, code } = describeFailure(error);
  if (status === 402 || status === 429) getLogger().info({ model, status, code }, "playground request refused");
  else getLogger().warn({ err: error, model }, "playground request failed");
}

/**
 * One playground turn: streams `input.model`'s answer through the same gateway pipeline as the public API
 * (validation, routing, metering, recording under the user's "Playground" key; in an organization, `userId` is its
 * wallet and `memberUserId` the member, whose own Playground key it is) and returns a UI message
 * stream response with the tokens, cost, latency, and the gateway's request id as the assistant message's metadata.
 */
export async function playgroundChat(input: PlaygroundChatInput, userId: string, signal?: AbortSignal, memberUserId?: string): Promise<Response> {
  const startedAt = Date.now();
  const model = (await getCatalog()).get(input.model);
  if (!model || model.kind !== "chat") throw new PlaygroundRequestError(400, `unknown chat model '${input.model}'`);
  const principal = await getPlaygroundPrincipal(await getDb(), userId, memberUserId);
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
    onError: ({ error }) => logFailure(error, model.id),
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
