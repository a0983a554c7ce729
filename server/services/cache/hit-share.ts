import { z } from "zod";
import type { Db } from "../../db";
import { readHitSharePercent, writeHitSharePercent } from "../../gateway/cache/hit-share";

/** The share of an answer's current price a cache hit costs, in percent: 0 (free, the default) to 100 (full price). */
export const hitSharePercent = z.number().min(0).max(100);

/** The admin setting (docs/api/cache.md, "Money"). */
export function getHitSharePercent(db: Db): Promise<number> {
  return readHitSharePercent(db);
}

/** Sets it (validated: a ZodError when out of range); every gateway applies it within seconds. */
export async function setHitSharePercent(db: Db, percent: number): Promise<number> {
  const value = hitSharePercent.parse(percent);
  await writeHitSharePercent(db, value);
  return value;
}
