import { asc, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { models, upstreamModels } from "../../db/schema";
import type { Localized } from "../../providers/descriptor";
import { mappedUpstreamModel, type Account } from "../../routing/accounts";

/** A model some account's upstream lists that no catalog model is for: the admin may price and publish it. */
export interface NewUpstreamModel {
  provider: string;
  upstreamModel: string;
  /** A public id for it (`<provider>/<last segment of the upstream name>`); the admin may change it. */
  suggestedId: string;
  kind: "chat" | "embedding" | null;
  contextLength: number | null;
  /** The names of the accounts that list it. */
  accounts: string[];
  firstSeen: Date;
}

/** What the admin catalog page shows of a catalog model beyond its price. */
export interface CatalogModelStatus {
  id: string;
  /** When the sync found it gone from every account that serves it (hidden from GET /models, never routed). */
  unavailableSince: Date | null;
  /** How each account serving it switches its thinking, for those that have a switch. */
  thinking: { accountName: string; how: Localized }[];
}

export interface UpstreamView {
  newModels: NewUpstreamModel[];
  models: CatalogModelStatus[];
}

/**
 * The admin's view of the catalog sync over the usable `accounts`: upstream models no catalog model is for (a name
 * is known to an account when a catalog model of its provider has it, or the account maps a model to it), and
 * for each catalog model its availability and how its accounts switch thinking.
 */
export async function upstreamView(db: Db, accounts: readonly Account[]): Promise<UpstreamView> {
  const [listed, catalog] = await Promise.all([
    db.select().from(upstreamModels).where(isNull(upstreamModels.missingSince)).orderBy(asc(upstreamModels.provider), asc(upstreamModels.upstreamModel)),
    db.select({ id: models.id, provider: models.provider, upstreamModel: models.upstreamModel, unavailableSince: models.unavailableSince }).from(models).orderBy(asc(models.id)),
  ]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const known = (account: Account, name: string) =>
    catalog.some((m) => m.provider === account.provider && m.upstreamModel === name) || Object.values(account.upstreamModels).includes(name);

  const fresh = new Map<string, NewUpstreamModel>();
  for (const row of listed) {
    const account = byId.get(row.accountId);
    if (!account || known(account, row.upstreamModel)) continue;
    const key = `${row.provider}\n${row.upstreamModel}`;
    const entry = fresh.get(key) ?? {
      provider: row.provider,
      upstreamModel: row.upstreamModel,
      suggestedId: `${row.provider}/${row.upstreamModel.split("/").pop()}`,
      kind: row.kind,
      contextLength: row.contextLength,
      accounts: [],
      firstSeen: row.firstSeen,
    };
    entry.accounts.push(account.name);
    if (row.firstSeen < entry.firstSeen) entry.firstSeen = row.firstSeen;
    fresh.set(key, entry);
  }

  const statuses = catalog.map((model) => ({
    id: model.id,
    unavailableSince: model.unavailableSince,
    thinking: accounts.flatMap((account) => {
      const name = mappedUpstreamModel(account, model);
      const how = name === undefined ? undefined : account.thinkingSwitch?.(name);
      return how ? [{ accountName: account.name, how }] : [];
    }),
  }));
  return { newModels: [...fresh.values()], models: statuses.filter((s) => s.unavailableSince || s.thinking.length > 0) };
}
