import type { Db } from "../../db";
import { modelRouting } from "../../db/schema";
import { getCatalog } from "../../core/catalog";
import { accountsServing, getAccounts } from "../../routing/accounts";
import { strategyNamed, type Strategy } from "../../routing/strategies";

export interface ModelStrategyRow {
  modelId: string;
  name: string;
  provider: string;
  kind: "chat" | "embedding";
  strategy: Strategy;
  /** How many usable accounts serve the model now. */
  routes: number;
}

/** Every catalog model with its routing strategy (the default unless an admin chose another). */
export async function listStrategies(db: Db): Promise<ModelStrategyRow[]> {
  const [rows, catalog, accounts] = await Promise.all([db.select().from(modelRouting), getCatalog(), getAccounts()]);
  const chosen = new Map(rows.map((r) => [r.modelId, r.strategy]));
  return [...catalog.values()]
    .map((m) => ({
      modelId: m.id,
      name: m.name,
      provider: m.provider,
      kind: m.kind,
      strategy: strategyNamed(chosen.get(m.id)),
      routes: accountsServing(accounts, m).length,
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.modelId.localeCompare(b.modelId));
}
