import type { GatewayError } from "../core/errors";

/** How an API writes its errors: each API answers in its own shape (status and headers are the error's). */
export type ErrorShape = (error: GatewayError) => unknown;

/** OpenAI's `{"error": {message, type, code, param}}`: chat completions, embeddings, Responses, everything else. */
export const openAIErrorShape: ErrorShape = (error) => error.toBody();
