import type { UIMessage } from "ai";
import { z } from "zod";

/** Per-assistant-message facts the playground shows under each answer (sent as UI message metadata). */
export interface PlaygroundMetadata {
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Integer micro-rubles, from the catalog price the gateway charges. */
  costMicro?: number;
  latencyMs?: number;
  finishReason?: string;
  /** The gateway's `x-request-id` (`req_…`), the id the request is recorded under; what thumbs up/down rate. */
  requestId?: string;
}

export type PlaygroundMessage = UIMessage<PlaygroundMetadata>;

/**
 * A failed turn as the UI receives it (JSON, as the stream's error text or the route's refusal body): the gateway's
 * status, code and Retry-After pick the translated explanation; `error` is the gateway's own English sentence.
 */
export interface PlaygroundFailure {
  error: string;
  status?: number;
  code?: string;
  param?: string;
  retryAfter?: number;
}

export const MAX_OUTPUT_TOKENS = 32_768;
export const MAX_SYSTEM_CHARS = 20_000;

const textPart = z.object({ type: z.literal("text"), text: z.string().max(200_000) }).passthrough();
// Other part kinds (step-start, reasoning, …) come back from useChat in assistant messages; they are kept as is.
const otherPart = z.object({ type: z.string().refine((t) => t !== "text") }).passthrough();

export const playgroundMessageSchema = z.object({
  id: z.string().max(200),
  role: z.enum(["system", "user", "assistant"]),
  parts: z.array(z.union([textPart, otherPart])).max(500),
  metadata: z.unknown().optional(),
});

/** The body useChat's transport sends to POST /api/playground/chat. */
export const playgroundChatSchema = z.object({
  id: z.string().max(200).optional(),
  trigger: z.string().optional(),
  messageId: z.string().optional(),
  messages: z.array(playgroundMessageSchema).min(1).max(200),
  model: z.string().min(1).max(200),
  system: z.string().max(MAX_SYSTEM_CHARS).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(MAX_OUTPUT_TOKENS).optional(),
});

export type PlaygroundChatInput = z.infer<typeof playgroundChatSchema>;
