import { and, desc, eq, isNull } from "drizzle-orm";
import { reloadingValue } from "../cache/reloading-value";
import { getDb } from "../db";
import { modelPrices, models } from "../db/schema";
import { getMarkupPercent } from "./markup";

export interface CatalogModel {
  id: string;
  provider: string;
  upstreamModel: string;
  name: string;
  kind: "chat" | "embedding";
  contextLength: number;
  features: { tools: boolean; json: boolean; streaming: boolean; embeddings: boolean; vision?: boolean };
  /** Prices charged, markup included; `markupPercent` says how much was added to the upstream price row. */
  price: {
    id: number;
    inputMicroPer1M: number;
    outputMicroPer1M: number;
    cachedInputMicroPer1M: number;
    status: string;
    markupPercent: number;
  };
}

async function load(): Promise<Map<string, CatalogModel>> {
  const db = await getDb();
  const markup = await getMarkupPercent(db);
  const withMarkup = (micro: number) => Math.ceil((micro * (100 + markup)) / 100);
  const rows = await db
    .selectDistinctOn([modelPrices.modelId], { model: models, price: modelPrices })
    .from(models)
    .innerJoin(modelPrices, eq(modelPrices.modelId, models.id))
    .where(and(eq(models.enabled, true), isNull(models.unavailableSince)))
    .orderBy(modelPrices.modelId, desc(modelPrices.effectiveFrom), desc(modelPrices.id));
  const byId = new Map<string, CatalogModel>();
  for (const { model, price } of rows) {
    byId.set(model.id, {
      id: model.id,
      provider: model.provider,
      upstreamModel: model.upstreamModel,
      name: model.name,
      kind: model.kind,
      contextLength: model.contextLength,
      features: model.features,
      price: {
        id: price.id,
        inputMicroPer1M: withMarkup(price.inputMicroPer1M),
        outputMicroPer1M: withMarkup(price.outputMicroPer1M),
        cachedInputMicroPer1M: withMarkup(price.cachedInputMicroPer1M),
        status: price.status,
        markupPercent: markup,
      },
    });
  }
  return byId;
}

// Once loaded, never waited for again: a stale catalog is served while the next one loads.
const catalog = reloadingValue("catalog", load, { reloadAfterMs: 30_000, expireAfterMs: Infinity });

/**
 * The published models the catalog sync has not found gone upstream, with their current prices, from memory;
 * reloaded in the background every 30 s.
 */
export const getCatalog = (): Promise<Map<string, CatalogModel>> => catalog.get();

/** Drops the cached catalog (after an admin change or a sync). */
export const invalidateCatalog = (): void => catalog.invalidate();
