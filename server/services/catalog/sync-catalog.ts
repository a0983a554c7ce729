import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { modelPrices, models } from "../../db/schema";
import { rubPer1MToMicro } from "../../money";
import type { ModelInfo } from "../../providers/types";

/**
 * Upserts the providers' model lists into the catalog. A price row is added only when the model
 * has none yet: later price changes are made by admins and never rewrite past charges.
 */
export async function syncCatalog(db: Db, list: ModelInfo[]): Promise<void> {
  for (const model of list) {
    const values = {
      id: model.id,
      provider: model.provider,
      upstreamModel: model.upstreamModel,
      name: model.name,
      kind: model.kind,
      contextLength: model.contextLength,
      features: model.features,
    };
    await db
      .insert(models)
      .values(values)
      .onConflictDoUpdate({ target: models.id, set: { ...values, updatedAt: new Date() } });
    const [price] = await db
      .select({ id: modelPrices.id })
      .from(modelPrices)
      .where(eq(modelPrices.modelId, model.id))
      .orderBy(desc(modelPrices.effectiveFrom))
      .limit(1);
    if (!price) {
      await db.insert(modelPrices).values({
        modelId: model.id,
        inputMicroPer1M: rubPer1MToMicro(model.pricing.inputRubPer1M),
        outputMicroPer1M: rubPer1MToMicro(model.pricing.outputRubPer1M),
        cachedInputMicroPer1M: rubPer1MToMicro(model.pricing.cachedInputRubPer1M),
        status: model.pricing.status,
      });
    }
  }
}
