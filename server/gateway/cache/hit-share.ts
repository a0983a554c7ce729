import { eq } from "drizzle-orm";
import { reloadingValue } from "../../cache/reloading-value";
import type { CatalogModel } from "../../core/catalog";
import type { Db } from "../../db";
import { getDb } from "../../db";
import { settings } from "../../db/schema";

/** The admin setting: the share of the current price a cache hit costs, in percent (default 0: hits are free). */
export const HIT_SHARE_SETTING = "cache_hit_share_percent";

export async function readHitSharePercent(db: Db): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, HIT_SHARE_SETTING));
  return typeof row?.value === "number" ? row.value : 0;
}

export async function writeHitSharePercent(db: Db, percent: number): Promise<void> {
  await db
    .insert(settings)
    .values({ key: HIT_SHARE_SETTING, value: percent })
    .onConflictDoUpdate({ target: settings.key, set: { value: percent, updatedAt: new Date() } });
  hitShare.invalidate();
}

/** Every instance applies a change within seconds; the hot path never waits for the database after the first read. */
export const hitShare = reloadingValue("cacheHitShare", async () => readHitSharePercent(await getDb()), { reloadAfterMs: 5_000, expireAfterMs: 60_000 });

/** The model with each price scaled to the share (rounded up per 1M tokens): what a hit is charged at. */
export function sharePrice(model: CatalogModel, percent: number): CatalogModel {
  const scale = (micro: number) => Math.ceil((micro * percent) / 100);
  const { price } = model;
  return {
    ...model,
    price: { ...price, inputMicroPer1M: scale(price.inputMicroPer1M), outputMicroPer1M: scale(price.outputMicroPer1M), cachedInputMicroPer1M: scale(price.cachedInputMicroPer1M) },
  };
}
