import type { Db } from "../../db";
import { invalidateCatalog } from "../../core/catalog";
import { setMarkupPercent } from "../../core/markup";

export const MARKUP_MIN = 0;
export const MARKUP_MAX = 1000;

/** Sets the global markup (0–1000 %) and drops this process's catalog cache (other instances: within 30 s). */
export async function setMarkup(db: Db, percent: number): Promise<void> {
  if (!Number.isFinite(percent) || percent < MARKUP_MIN || percent > MARKUP_MAX)
    throw new RangeError("markup out of range");
  await setMarkupPercent(db, percent);
  invalidateCatalog();
}
