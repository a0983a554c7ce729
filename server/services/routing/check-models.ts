import { getCatalog } from "../../core/catalog";
import type { AccountFields } from "./account-input";
import { AccountInputError } from "./account-input";

/** Served models and upstream-name mappings must name models of the catalog. */
export async function checkModels(fields: Pick<AccountFields, "models" | "upstreamModels">): Promise<void> {
  const catalog = await getCatalog();
  for (const id of [...(fields.models ?? []), ...Object.keys(fields.upstreamModels)])
    if (!catalog.has(id)) throw new AccountInputError("unknown_model", id);
}
