import { randomBase62 } from "../ids";
import { getLogger } from "../logging/logger";
import { getStore } from "../store";
import { LeaseKeeper, leaseSettings } from "../store/leases";
import type { PlaceAsk } from "../store/types";

type Place = Pick<PlaceAsk, "key" | "holder">;

const g = globalThis as { __xrouterSlotLeases?: LeaseKeeper<Place>; __xrouterSlotHolders?: { prefix: string; next: number } };

/** The places this process holds, renewed while held: a dead instance's places run out within one lease. */
function slotLeases(): LeaseKeeper<Place> {
  g.__xrouterSlotLeases ??= new LeaseKeeper(
    (places) => getStore().renewPlaces(places, leaseSettings.leaseMs),
    (err) => getLogger().warn({ err }, "could not renew concurrency slots"),
  );
  return g.__xrouterSlotLeases;
}

/** A holder name unique across instances: the process's random prefix and a counter. */
function newHolder(): string {
  g.__xrouterSlotHolders ??= { prefix: randomBase62(12), next: 0 };
  return `${g.__xrouterSlotHolders.prefix}:${++g.__xrouterSlotHolders.next}`;
}

/** The place a slot on the account is: the account's set in the store, under a holder name of its own. */
export function slotPlace(accountId: string, limit: number): PlaceAsk {
  return { key: `inflight:${accountId}`, holder: newHolder(), limit, leaseMs: leaseSettings.leaseMs };
}

/** A place taken in the store, held (its lease renewed) until the returned function gives it back, once. */
export function holdSlot(place: PlaceAsk): () => void {
  slotLeases().hold(place.holder, place);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    slotLeases().drop(place.holder);
    // A place that cannot be given back now runs out with its lease.
    getStore()
      .releasePlace(place.key, place.holder)
      .catch((err: unknown) => getLogger().warn({ err }, "could not release a concurrency slot"));
  };
}

/**
 * Per-account concurrency, counted in the shared store so every instance respects one limit. Each slot is a
 * place held by name under a lease, so a release can only give back what was taken and a dead holder's place
 * runs out by itself. Returns a release function, or undefined when the account is full.
 */
export async function acquireSlot(accountId: string, limit: number): Promise<(() => void) | undefined> {
  const store = getStore();
  const place = slotPlace(accountId, limit);
  const taken = await store.leasePlace(place.key, place.holder, limit, place.leaseMs).catch((err: unknown) => {
    // The command may still run once the store answers again: the release queued behind it undoes it.
    store.releasePlace(place.key, place.holder).catch(() => undefined);
    throw err;
  });
  return taken ? holdSlot(place) : undefined;
}

/** A slot on a plan's first route taken before runRoutes starts: its release, or undefined when it was full. */
export interface FirstSlot {
  release: (() => void) | undefined;
}

/** The slots this process holds, by account id: its upstream requests in flight (metrics read them at scrape time). */
export function slotsHeld(): Map<string, number> {
  const held = new Map<string, number>();
  for (const { key } of g.__xrouterSlotLeases?.values() ?? []) {
    const accountId = key.slice("inflight:".length);
    held.set(accountId, (held.get(accountId) ?? 0) + 1);
  }
  return held;
}

export function inFlight(accountId: string): Promise<number> {
  return getStore().countPlaces(`inflight:${accountId}`);
}

/** A quota answer (402/429) cools the account down for as long as the upstream asked. */
export async function coolDown(accountId: string, seconds: number): Promise<void> {
  await getStore().set(`cooldown:${accountId}`, "1", Math.max(1, seconds) * 1000);
}

/** Which of the accounts are cooling down, in one store round trip. */
export async function coolingDown(accountIds: string[]): Promise<boolean[]> {
  return (await getStore().getMany(accountIds.map((id) => `cooldown:${id}`))).map((value) => value !== null);
}
