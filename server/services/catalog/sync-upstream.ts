import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import { invalidateCatalog } from "../../core/catalog";
import { isUpstreamError } from "../../core/upstream-error";
import type { Db } from "../../db";
import { models, upstreamModels } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import type { ListedModel } from "../../providers/descriptor";
import { getAccounts, invalidateAccounts, loadListings, mappedUpstreamModel, type Account } from "../../routing/accounts";

/** How long one account's `GET /models` may take. */
const LIST_TIMEOUT_MS = 30_000;

export interface UpstreamSyncResult {
  /** Accounts whose model list was read and recorded. */
  listed: string[];
  /** Accounts whose list could not be read (kept as last recorded). */
  failed: string[];
  /** Catalog models marked unavailable by this run, and those available again. */
  unavailable: string[];
  available: string[];
}

/** Records one account's listing: seen names are (re)marked present, names no longer listed get `missingSince`. */
async function recordListing(db: Db, account: Account, listed: ListedModel[], now: Date): Promise<void> {
  const byId = new Map(listed.map((m) => [m.id, m]));
  await db.transaction(async (tx) => {
    await tx
      .insert(upstreamModels)
      .values(
        [...byId.values()].map((m) => ({
          accountId: account.id,
          provider: account.provider,
          upstreamModel: m.id,
          kind: m.kind ?? null,
          contextLength: m.contextLength ?? null,
          firstSeen: now,
          lastSeen: now,
        })),
      )
      .onConflictDoUpdate({
        target: [upstreamModels.accountId, upstreamModels.upstreamModel],
        set: {
          lastSeen: now,
          missingSince: null,
          kind: sql`excluded.kind`,
          contextLength: sql`excluded.context_length`,
        },
      });
    await tx
      .update(upstreamModels)
      .set({ missingSince: now })
      .where(
        and(
          eq(upstreamModels.accountId, account.id),
          isNull(upstreamModels.missingSince),
          notInArray(upstreamModels.upstreamModel, [...byId.keys()]),
        ),
      );
  });
}

/** Lists one account's models; undefined (logged without the upstream's address) when that fails. */
async function listAccount(account: Account): Promise<ListedModel[] | undefined> {
  try {
    const listed = await account.listModels!(AbortSignal.timeout(LIST_TIMEOUT_MS));
    // An empty list is read as a broken answer, not as an upstream that serves nothing.
    if (listed.length > 0) return listed;
    getLogger().warn({ account: account.id, provider: account.provider }, "catalog sync: the account listed no models; its last list is kept");
  } catch (err) {
    getLogger().warn(
      { account: account.id, provider: account.provider, status: isUpstreamError(err) ? err.status : undefined },
      "catalog sync: could not list the account's models; its last list is kept",
    );
  }
  return undefined;
}

/**
 * Which catalog models are available, judged over `accounts`: a model is unavailable when every account among them
 * that serves it (by its settings) was listed, and none of those lists has its upstream name. A model no account
 * among them serves is left as it is; one served by an account never listed stays available (nothing says it went).
 */
async function judgeAvailability(db: Db, accounts: readonly Account[]): Promise<{ unavailable: string[]; available: string[] }> {
  const [listings, catalog] = await Promise.all([
    loadListings(db, accounts.map((a) => a.id)),
    db.select({ id: models.id, provider: models.provider, upstreamModel: models.upstreamModel, unavailableSince: models.unavailableSince }).from(models),
  ]);
  const unavailable: string[] = [];
  const available: string[] = [];
  for (const model of catalog) {
    const serving = accounts.flatMap((account) => {
      const name = mappedUpstreamModel(account, model);
      return name === undefined ? [] : [{ listing: listings.get(account.id), name }];
    });
    if (serving.length === 0) continue;
    const servable = serving.some(({ listing, name }) => !listing || listing.has(name));
    if (!servable && !model.unavailableSince) unavailable.push(model.id);
    if (servable && model.unavailableSince) available.push(model.id);
  }
  return { unavailable, available };
}

/**
 * One catalog sync (docs/providers/catalog-sync.md): reads `GET /models` of every account in `accounts` whose provider
 * has a model list, records what each listed, then marks the catalog models that vanished from every account serving
 * them unavailable (left out of GET /models and routing) and those that came back available again. `prune` forgets
 * the listings of accounts not in `accounts` (removed ones): only for the full list of accounts.
 */
export async function syncUpstreamModels(
  db: Db,
  accounts: readonly Account[],
  options: { prune?: boolean; now?: Date } = {},
): Promise<UpstreamSyncResult> {
  const now = options.now ?? new Date();
  const listable = accounts.filter((a) => a.listModels);
  const results = await Promise.all(listable.map(async (account) => ({ account, listed: await listAccount(account) })));
  for (const { account, listed } of results) if (listed) await recordListing(db, account, listed, now);
  if (options.prune) await db.delete(upstreamModels).where(notInArray(upstreamModels.accountId, accounts.map((a) => a.id)));

  const { unavailable, available } = await judgeAvailability(db, accounts);
  if (unavailable.length > 0) await db.update(models).set({ unavailableSince: now }).where(and(inArray(models.id, unavailable), isNull(models.unavailableSince)));
  if (available.length > 0) await db.update(models).set({ unavailableSince: null }).where(and(inArray(models.id, available), isNotNull(models.unavailableSince)));
  if (unavailable.length > 0 || available.length > 0) {
    invalidateCatalog();
    getLogger().info({ unavailable, available }, "catalog sync: model availability changed");
  }
  invalidateAccounts();
  return {
    listed: results.filter((r) => r.listed).map((r) => r.account.id),
    failed: results.filter((r) => !r.listed).map((r) => r.account.id),
    unavailable,
    available,
  };
}

/** The sync over every usable account (the background job and the admin's "sync now"), forgetting removed ones. */
export async function syncAllUpstreamModels(db: Db): Promise<UpstreamSyncResult> {
  return syncUpstreamModels(db, await getAccounts(), { prune: true });
}
