import type { CatalogModel } from "../../core/catalog";

/**
 * A batch line is charged at the provider's async price: the catalog price (markup included) times this fraction.
 * Yandex's completionAsync costs half of a synchronous completion (its pricing page; UNCONFIRMED in the stored
 * copies, see docs/api/batches.md), so batches cost 1/2.
 */
export const ASYNC_PRICE = { numerator: 1, denominator: 2 } as const;

const scaled = (micro: number) => Math.ceil((micro * ASYNC_PRICE.numerator) / ASYNC_PRICE.denominator);

/** The model at its async price: the same price row (the ledger's price id), each per-1M price scaled. */
export function atAsyncPrice(model: CatalogModel): CatalogModel {
  const { price } = model;
  return {
    ...model,
    price: {
      ...price,
      inputMicroPer1M: scaled(price.inputMicroPer1M),
      outputMicroPer1M: scaled(price.outputMicroPer1M),
      cachedInputMicroPer1M: scaled(price.cachedInputMicroPer1M),
    },
  };
}
