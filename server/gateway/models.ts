import { MICRO_PER_RUB } from "../money";
import { accountsServing, getAccounts } from "../routing/accounts";
import { getCatalog, type CatalogModel } from "../core/catalog";

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
    features: model.features,
  };
}

/** GET /models: the catalog models that some provider account on this server can serve. */
export async function listModels() {
  const [catalog, accounts] = await Promise.all([getCatalog(), getAccounts()]);
  const data = [...catalog.values()].filter((m) => accountsServing(accounts, m).length > 0).map(toOpenAIModel);
  data.sort((a, b) => a.id.localeCompare(b.id));
  return { object: "list", data };
}
