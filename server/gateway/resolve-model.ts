import type { Provider } from "../providers/types";
import { getCatalog, type CatalogModel } from "./catalog";
import { GatewayError } from "./errors";
import type { Principal } from "./identify";
import { getRuntime } from "../runtime";

export interface ResolvedModel {
  model: CatalogModel;
  provider: Provider;
}

/** Finds the catalog model and the adapter that serves it, checking the key's model allowlist. */
export async function resolveModel(id: string, kind: CatalogModel["kind"], principal: Principal): Promise<ResolvedModel> {
  const model = (await getCatalog()).get(id);
  if (!model || model.kind !== kind) {
    const what = kind === "chat" ? "chat model" : "embedding model";
    throw new GatewayError(404, `${what} '${id}' does not exist; GET /api/v1/models lists them`, "invalid_request_error", "model_not_found", "model");
  }
  if (principal.allowedModels && !principal.allowedModels.includes(id)) {
    throw new GatewayError(403, `this API key may not use '${id}'`, "permission_error", "model_not_allowed", "model");
  }
  const provider = (await getRuntime()).providers.get(model.provider);
  if (!provider) {
    throw new GatewayError(503, `provider of '${id}' is not configured on this server`, "upstream_error", "provider_not_configured", "model");
  }
  return { model, provider };
}
