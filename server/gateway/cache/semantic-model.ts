import { getConfig } from "../../config";
import { getCatalog } from "../../core/catalog";
import type { KeyCacheSettings } from "../../core/principal";
import { accountsServing, getAccounts } from "../../routing/accounts";

/**
 * The embedding model that compares a key's messages: the key's own, else XROUTER_SEMANTIC_CACHE_MODEL, else the
 * catalog's first embedding model that an account serves (in id order: GigaChat Embeddings in the demo). Undefined
 * when there is none: then the semantic stage is skipped.
 */
export async function semanticModel(settings: Pick<KeyCacheSettings, "semanticModel">): Promise<string | undefined> {
  const chosen = settings.semanticModel ?? getConfig().XROUTER_SEMANTIC_CACHE_MODEL;
  if (chosen) return chosen;
  const accounts = await getAccounts();
  for (const model of (await getCatalog()).values()) if (model.kind === "embedding" && accountsServing(accounts, model).length > 0) return model.id;
  return undefined;
}
