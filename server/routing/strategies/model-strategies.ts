import { reloadingValue } from "../../cache/reloading-value";
import { getDb } from "../../db";
import { modelRouting } from "../../db/schema";
import { strategyNamed, type Strategy } from ".";

const byModel = reloadingValue(
  "strategies",
  () =>
    getDb()
      .then((db) => db.select().from(modelRouting))
      .then((rows) => new Map(rows.map((r) => [r.modelId, strategyNamed(r.strategy)]))),
  { reloadAfterMs: 8_000, expireAfterMs: 10_000 },
);

/** The strategy admins chose per model id; models absent use the default. Reloaded every 10 s. */
export const modelStrategies = (): Promise<Map<string, Strategy>> => byModel.get();

export const invalidateStrategies = (): void => byModel.invalidate();
