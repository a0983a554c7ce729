import { eq } from "drizzle-orm";
import { invalidateCatalog } from "../../core/catalog";
import type { Db } from "../../db";
import { modelPrices, models } from "../../db/schema";
import { isProviderId } from "../../providers/lookup";

export interface NewModelInput {
  /** The public id, `<provider>/<name>`. */
  id: string;
  provider: string;
  upstreamModel: string;
  name: string;
  kind: "chat" | "embedding";
  contextLength: number;
  tools: boolean;
  inputMicroPer1M: number;
  outputMicroPer1M: number;
  cachedInputMicroPer1M: number;
  status: "confirmed" | "estimate";
}

export class CatalogInputError extends Error {
  constructor(readonly code: "unknown_provider" | "invalid_id" | "model_exists" | "invalid_price") {
    super(code);
  }
}

/** The part of a public id after `<provider>/`: what the other catalog ids look like (`GigaChat-2-Max`, `qwen3-32b`). */
const ID_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Adds a model to the catalog with its first price, unpublished (`enabled` false): it is in no GET /models and no
 * route until an admin publishes it. For an upstream model the catalog sync found (or any the provider serves).
 */
export async function addModel(db: Db, input: NewModelInput): Promise<void> {
  if (!isProviderId(input.provider)) throw new CatalogInputError("unknown_provider");
  const prefix = `${input.provider}/`;
  if (!input.id.startsWith(prefix) || !ID_NAME.test(input.id.slice(prefix.length))) throw new CatalogInputError("invalid_id");
  for (const value of [input.inputMicroPer1M, input.outputMicroPer1M, input.cachedInputMicroPer1M]) {
    if (!Number.isSafeInteger(value) || value < 0) throw new CatalogInputError("invalid_price");
  }
  const chat = input.kind === "chat";
  await db.transaction(async (tx) => {
    const added = await tx
      .insert(models)
      .values({
        id: input.id,
        provider: input.provider,
        upstreamModel: input.upstreamModel,
        name: input.name,
        kind: input.kind,
        contextLength: input.contextLength,
        features: { tools: chat && input.tools, json: chat, streaming: chat, embeddings: !chat },
        enabled: false,
      })
      .onConflictDoNothing()
      .returning({ id: models.id });
    if (added.length === 0) throw new CatalogInputError("model_exists");
    await tx.insert(modelPrices).values({
      modelId: input.id,
      inputMicroPer1M: input.inputMicroPer1M,
      outputMicroPer1M: input.outputMicroPer1M,
      cachedInputMicroPer1M: input.cachedInputMicroPer1M,
      status: input.status,
    });
  });
}

/**
 * Publishes a catalog model (in GET /models and routing, as long as some account serves it and the sync has not
 * found it gone) or takes it back. Drops this process's catalog cache; other instances reload theirs within 30 s.
 * False when the model does not exist.
 */
export async function setModelPublished(db: Db, id: string, published: boolean): Promise<boolean> {
  const updated = await db.update(models).set({ enabled: published, updatedAt: new Date() }).where(eq(models.id, id)).returning({ id: models.id });
  invalidateCatalog();
  return updated.length > 0;
}
