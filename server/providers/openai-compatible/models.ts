import type { ModelInfo, ModelPricing, ProviderId } from "../types";

export interface ModelSpec {
  /** Public id, `<provider>/<model>`. */
  id: string;
  upstreamModel: string;
  name: string;
  contextLength: number;
  /** RUB per 1M tokens, VAT included; cached input costs the same unless given. */
  price: { input: number; output: number; cachedInput?: number; status: ModelPricing["status"] };
  kind?: ModelInfo["kind"];
  tools?: boolean;
  /** Takes `image_url` parts (a vision-language model such as Qwen2.5-VL). */
  vision?: boolean;
}

/** A ModelInfo for an OpenAI-compatible upstream: streaming and JSON mode (vLLM guided decoding) on for chat models. */
export function defineModel(provider: ProviderId, spec: ModelSpec): ModelInfo {
  const chat = (spec.kind ?? "chat") === "chat";
  return {
    id: spec.id,
    provider,
    upstreamModel: spec.upstreamModel,
    name: spec.name,
    kind: spec.kind ?? "chat",
    contextLength: spec.contextLength,
    pricing: {
      inputRubPer1M: spec.price.input,
      outputRubPer1M: spec.price.output,
      cachedInputRubPer1M: spec.price.cachedInput ?? spec.price.input,
      status: spec.price.status,
    },
    features: { tools: chat && (spec.tools ?? false), json: chat, streaming: chat, embeddings: !chat, vision: chat && (spec.vision ?? false) },
  };
}
