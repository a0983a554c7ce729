import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { settings } from "../db/schema";

const KEY = "markup_percent";

/** The global markup on upstream prices, in percent (default 0). */
export async function getMarkupPercent(db: Db): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return typeof row?.value === "number" ? row.value : 0;
}

export async function setMarkupPercent(db: Db, percent: number): Promise<void> {
  await db
    .insert(settings)
    .values({ key: KEY, value: percent })
    .onConflictDoUpdate({ target: settings.key, set: { value: percent, updatedAt: new Date() } });
}
