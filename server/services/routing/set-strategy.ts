import type { Db } from "../../db";
import { modelRouting } from "../../db/schema";
import { getCatalog } from "../../core/catalog";
import type { Strategy } from "../../routing/strategies";
import { invalidateStrategies } from "../../routing/strategies/model-strategies";

/** Sets a model's routing strategy; false when the model is not in the catalog. */
export async function setStrategy(db: Db, modelId: string, strategy: Strategy): Promise<boolean> {
  if (!(await getCatalog()).has(modelId)) return false;
  await db
    .insert(modelRouting)
    .values({ modelId, strategy, updatedAt: new Date() })
    .onConflictDoUpdate({ target: modelRouting.modelId, set: { strategy, updatedAt: new Date() } });
  invalidateStrategies();
  return true;
}
