import type { EgressPolicy } from "../../net/egress-guard";
import { createOpenAICompatibleProvider } from "../openai-compatible/adapter";
import type { Provider } from "../types";
import { MTS_MODELS } from "./models";

/** MWS GPT SaaS (SECONDARY, §3.2). The Model Hub base is `https://gpt.mwsapis.ru/projects/<project>/openai/v1` (§3.1). */
export const MTS_DEFAULT_BASE_URL = "https://api.gpt.mws.ru/v1";

/**
 * MWS GPT through the OpenAI-compatible base. The MTS quirks of §3.5/§5.3 are all handled there:
 * the base URL is taken whole (it may carry the project path), `reasoning`/`reasoning_content` become
 * `reasoning_content`, and streams always ask for `stream_options.include_usage` (whether MWS honours it
 * is UNCONFIRMED; without it the stream simply carries no usage). The error body is assumed to be
 * OpenAI/LiteLLM-shaped (UNCONFIRMED for api.gpt.mws.ru). Reranking (`{root}/cohere/v2/rerank`) is not
 * part of the Provider interface and is not implemented.
 */
export function createMtsProvider(config: { apiKey?: string; baseUrl: string; egress?: EgressPolicy }): Provider {
  return createOpenAICompatibleProvider({
    id: "mts",
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    models: MTS_MODELS,
    egress: config.egress,
  });
}
