import type { EgressPolicy } from "../../net/egress-guard";
import { createOpenAICompatibleProvider } from "../openai-compatible/adapter";
import type { ChatRequest } from "../openai";
import type { Provider } from "../types";
import { TBANK_MODELS } from "./models";

/** Cloud.ru Evolution Foundation Models (SECONDARY, §4.2); self-hosted vLLM is `http://<host>:8000/v1`. */
export const TBANK_DEFAULT_BASE_URL = "https://foundation-models.api.cloud.ru/v1";

/**
 * The thinking rule (§5.4): T-pro 2.0 inherits Qwen3's template, which thinks unless told otherwise.
 * We think only when the client asks for reasoning: `reasoning_effort` "low" | "medium" | "high" →
 * `enable_thinking: true`; absent, null or "minimal" (OpenAI's "as little as possible") → false.
 * Qwen3 has no effort levels, so low/medium/high all mean on, and `reasoning_effort` itself is not sent: the
 * switch carries it (vLLM would refuse "minimal"). The Qwen2.5-based 1.0 models ignore the kwarg.
 */
export function thinkingEnabled(req: ChatRequest): boolean {
  return req.reasoning_effort != null && req.reasoning_effort !== "minimal";
}

/**
 * T-Bank models through the OpenAI-compatible base. `chat_template_kwargs` is a vLLM extension: whether
 * Cloud.ru accepts it is UNCONFIRMED.
 */
export function createTBankProvider(config: { apiKey?: string; baseUrl: string; egress?: EgressPolicy }): Provider {
  return createOpenAICompatibleProvider({
    id: "tbank",
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    models: TBANK_MODELS,
    quirks: {
      extraBody: (req) => ({ chat_template_kwargs: { enable_thinking: thinkingEnabled(req) } }),
      translated: ["reasoning_effort"],
    },
    egress: config.egress,
  });
}
