import { MICRO_PER_RUB } from "../money";
import { GatewayError } from "../core/errors";
import type { ChatRequest } from "../providers/openai";
import type { ProviderId } from "../providers/types";
import { honoursAll } from "../routing/capabilities";
import { accountsServing, getAccounts } from "../routing/accounts";
import { getCatalog, type CatalogModel } from "../core/catalog";

/** Sampling parameters, listed for a model when its provider honours them (the rest its adapter drops). */
const SAMPLING = ["temperature", "top_p", "stop", "seed", "presence_penalty", "frequency_penalty"] as const;

/**
 * OpenRouter's `supported_parameters`: what a request may use on this model and have honoured. `reasoning` maps
 * onto every provider's switch; tools and structured output follow the model's features.
 */
function supportedParameters(model: CatalogModel): string[] {
  if (model.kind !== "chat") return [];
  const honoured = (param: string) => honoursAll(model.provider as ProviderId, { [param]: true } as unknown as ChatRequest);
  const params = ["max_tokens", ...SAMPLING.filter(honoured), "reasoning", "include_reasoning"];
  if (model.features.tools) params.push("tools", "tool_choice", ...["parallel_tool_calls"].filter(honoured));
  if (model.features.json) params.push("response_format", "structured_outputs");
  return params;
}

/** OpenRouter's `architecture`: what goes in and comes out (an image too for models with vision). */
function architecture(model: CatalogModel) {
  const input = model.features.vision ? ["text", "image"] : ["text"];
  const output = model.kind === "chat" ? ["text"] : ["embeddings"];
  return { modality: `${input.join("+")}->${output.join("+")}`, input_modalities: input, output_modalities: output };
}

function toOpenAIModel(model: CatalogModel) {
  return {
    id: model.id,
    object: "model",
    created: 0,
    owned_by: model.provider,
    name: model.name,
    type: model.kind,
    context_length: model.contextLength,
    pricing: {
      currency: "RUB",
      unit: "1M tokens",
      input: model.price.inputMicroPer1M / MICRO_PER_RUB,
      output: model.price.outputMicroPer1M / MICRO_PER_RUB,
      cached_input: model.price.cachedInputMicroPer1M / MICRO_PER_RUB,
      vat_included: true,
      status: model.price.status,
    },
    architecture: architecture(model),
    features: { ...model.features, vision: model.features.vision === true },
    supported_parameters: supportedParameters(model),
  };
}

/** The catalog models that some provider account on this server can serve. */
async function servedModels(): Promise<CatalogModel[]> {
  const [catalog, accounts] = await Promise.all([getCatalog(), getAccounts()]);
  return [...catalog.values()].filter((m) => accountsServing(accounts, m).length > 0);
}

/**
 * GET /models: the served models, sorted by id. `supported_parameters` (OpenRouter's comma-separated filter, e.g.
 * `tools,response_format`) keeps only the models that support every parameter listed.
 */
export async function listModels(query?: URLSearchParams) {
  const wanted = (query?.get("supported_parameters") ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  const data = (await servedModels())
    .map(toOpenAIModel)
    .filter((m) => wanted.every((p) => m.supported_parameters.includes(p)));
  data.sort((a, b) => a.id.localeCompare(b.id));
  return { object: "list", data };
}

/** GET /models/{id}: one served model (`gigachat/GigaChat-2-Max`), or a 404 in OpenAI's shape. */
export async function getModel(id: string) {
  const model = (await servedModels()).find((m) => m.id === id);
  if (!model) throw new GatewayError(404, `model '${id}' does not exist; GET /api/v1/models lists them`, "invalid_request_error", "model_not_found", "model");
  return toOpenAIModel(model);
}
