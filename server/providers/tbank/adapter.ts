import type { EgressPolicy } from "../../net/egress-guard";
import type { Localized } from "../descriptor";
import { createOpenAICompatibleProvider } from "../openai-compatible/adapter";
import type { ChatMessage, ChatRequest } from "../openai";
import type { Provider } from "../types";
import { TBANK_MODELS, TBANK_THINKING_MODELS } from "./models";

/** Cloud.ru Evolution Foundation Models (SECONDARY, §4.2); self-hosted vLLM is `http://<host>:8000/v1`. */
export const TBANK_DEFAULT_BASE_URL = "https://foundation-models.api.cloud.ru/v1";

/**
 * What serves the models: `vllm` takes vLLM's request extensions (`chat_template_kwargs`); `other` is any other
 * OpenAI-compatible host, which may refuse fields it does not know. Absent counts as `vllm` (what every account
 * was before the setting existed).
 */
export type TBankHost = "vllm" | "other";

export interface TBankSettings {
  apiKey?: string;
  baseUrl: string;
  host?: TBankHost;
  egress?: EgressPolicy;
}

/**
 * The thinking rule (§5.4): T-pro 2.0 inherits Qwen3's template, which thinks unless told otherwise.
 * We think only when the client asks for reasoning: `reasoning_effort` "low" | "medium" | "high" →
 * thinking on; absent, null or "minimal" (OpenAI's "as little as possible") → off.
 * Qwen3 has no effort levels, so low/medium/high all mean on, and `reasoning_effort` itself is not sent: the
 * switch carries it (vLLM would refuse "minimal"). The Qwen2.5-based 1.0 models ignore the switch.
 */
export function thinkingEnabled(req: ChatRequest): boolean {
  return req.reasoning_effort != null && req.reasoning_effort !== "minimal";
}

const upstreamName = (model: string) => TBANK_MODELS.find((m) => m.id === model)?.upstreamModel ?? model;

/**
 * Qwen3's soft switch for hosts without `chat_template_kwargs`: `/think` or `/no_think` at the end of the system
 * prompt (a system message with just the switch when the request has none). Qwen3's template honours it; that
 * T-pro 2.0's does is UNCONFIRMED. Only models with the switch get it: in other models' prompts it is noise.
 */
export function withSoftSwitch(req: ChatRequest): ChatRequest {
  if (!TBANK_THINKING_MODELS.includes(upstreamName(req.model))) return req;
  const directive = thinkingEnabled(req) ? "/think" : "/no_think";
  const [first, ...rest] = req.messages;
  if (first?.role !== "system" && first?.role !== "developer")
    return { ...req, messages: [{ role: "system", content: directive }, ...req.messages] };
  const content: ChatMessage["content"] =
    typeof first.content === "string" ? `${first.content}\n${directive}` : [...first.content, { type: "text", text: directive }];
  return { ...req, messages: [{ ...first, content } as ChatMessage, ...rest] };
}

/** How an account on this host switches a model's thinking, for the catalog; undefined for models without a switch. */
export function tbankThinkingSwitch(host: TBankHost | undefined, upstreamModel: string): Localized | undefined {
  if (!TBANK_THINKING_MODELS.includes(upstreamModel)) return undefined;
  return (host ?? "vllm") === "vllm"
    ? { ru: "reasoning_effort → chat_template_kwargs.enable_thinking (vLLM)", en: "reasoning_effort → chat_template_kwargs.enable_thinking (vLLM)" }
    : { ru: "reasoning_effort → /think или /no_think в системном промпте", en: "reasoning_effort → /think or /no_think in the system prompt" };
}

/**
 * T-Bank models through the OpenAI-compatible base. On a vLLM host the thinking switch is the template's
 * `chat_template_kwargs.enable_thinking`; any other host gets Qwen3's soft switch in the prompt instead, so no field
 * it might refuse is sent (whether Cloud.ru accepts `chat_template_kwargs` is UNCONFIRMED).
 */
export function createTBankProvider(config: TBankSettings): Provider {
  const vllm = (config.host ?? "vllm") === "vllm";
  const base = createOpenAICompatibleProvider({
    id: "tbank",
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    models: TBANK_MODELS,
    quirks: {
      ...(vllm && { extraBody: (req: ChatRequest) => ({ chat_template_kwargs: { enable_thinking: thinkingEnabled(req) } }) }),
      translated: ["reasoning_effort"],
    },
    egress: config.egress,
  });
  if (vllm) return base;
  return {
    ...base,
    chat: (req, ctx) => base.chat(withSoftSwitch(req), ctx),
    chatStream: (req, ctx) => base.chatStream(withSoftSwitch(req), ctx),
  };
}
