import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { modelPrices, models } from "../../db/schema";
import { getMarkupPercent } from "../../core/markup";

export interface PriceRowView {
  id: number;
  inputMicroPer1M: number;
  outputMicroPer1M: number;
  cachedInputMicroPer1M: number;
  vatIncluded: boolean;
  status: "confirmed" | "estimate";
  effectiveFrom: Date;
}

export interface ModelPriceView {
  id: string;
  provider: string;
  name: string;
  kind: "chat" | "embedding";
  enabled: boolean;
  /** The upstream price row in force (markup not included); null for a model without any price row. */
  price: PriceRowView | null;
  /** How many price rows the model has had (older ones stay for past charges). */
  versions: number;
}

/** Every model with its current (newest) price row, for the admin pricing page; plus the global markup. */
export async function listPrices(db: Db): Promise<{ markupPercent: number; models: ModelPriceView[] }> {
  const [all, current, counts, markupPercent] = await Promise.all([
    db.select().from(models).orderBy(asc(models.provider), asc(models.id)),
    db
      .selectDistinctOn([modelPrices.modelId])
      .from(modelPrices)
      .orderBy(modelPrices.modelId, desc(modelPrices.effectiveFrom), desc(modelPrices.id)),
    db
      .select({ modelId: modelPrices.modelId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(modelPrices)
      .groupBy(modelPrices.modelId),
    getMarkupPercent(db),
  ]);
  const priceOf = new Map(current.map((p) => [p.modelId, p]));
  const countOf = new Map(counts.map((c) => [c.modelId, c.n]));
  return {
    markupPercent,
    models: all.map((model) => {
      const p = priceOf.get(model.id);
      return {
        id: model.id,
        provider: model.provider,
        name: model.name,
        kind: model.kind,
        enabled: model.enabled,
        price: p
          ? {
              id: p.id,
              inputMicroPer1M: p.inputMicroPer1M,
              outputMicroPer1M: p.outputMicroPer1M,
              cachedInputMicroPer1M: p.cachedInputMicroPer1M,
              vatIncluded: p.vatIncluded,
              status: p.status,
              effectiveFrom: p.effectiveFrom,
            }
          : null,
        versions: countOf.get(model.id) ?? 0,
      };
    }),
  };
}

/** The history of one model's price rows, newest first. */
export async function listPriceHistory(db: Db, modelId: string): Promise<PriceRowView[]> {
  return db
    .select({
      id: modelPrices.id,
      inputMicroPer1M: modelPrices.inputMicroPer1M,
      outputMicroPer1M: modelPrices.outputMicroPer1M,
      cachedInputMicroPer1M: modelPrices.cachedInputMicroPer1M,
      vatIncluded: modelPrices.vatIncluded,
      status: modelPrices.status,
      effectiveFrom: modelPrices.effectiveFrom,
    })
    .from(modelPrices)
    .where(eq(modelPrices.modelId, modelId))
    .orderBy(desc(modelPrices.effectiveFrom), desc(modelPrices.id));
}
