import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { modelPrices, models } from "../../db/schema";
import { invalidateCatalog } from "../../core/catalog";

export interface SetPriceInput {
  modelId: string;
  inputMicroPer1M: number;
  outputMicroPer1M: number;
  cachedInputMicroPer1M: number;
  status: "confirmed" | "estimate";
  vatIncluded: boolean;
}

/**
 * A new price for a model: always a NEW model_prices row (past charges keep the row they used; old rows are
 * never updated). Drops this process's catalog cache; other instances reload theirs within 30 s.
 * Returns undefined when the model does not exist.
 */
export async function setPrice(db: Db, input: SetPriceInput): Promise<{ id: number } | undefined> {
  for (const value of [input.inputMicroPer1M, input.outputMicroPer1M, input.cachedInputMicroPer1M]) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError("price must be a non-negative integer of micro-rubles");
  }
  const [model] = await db.select({ id: models.id }).from(models).where(eq(models.id, input.modelId));
  if (!model) return undefined;
  const [row] = await db
    .insert(modelPrices)
    .values({
      modelId: input.modelId,
      inputMicroPer1M: input.inputMicroPer1M,
      outputMicroPer1M: input.outputMicroPer1M,
      cachedInputMicroPer1M: input.cachedInputMicroPer1M,
      status: input.status,
      vatIncluded: input.vatIncluded,
    })
    .returning({ id: modelPrices.id });
  invalidateCatalog();
  return row;
}
