import { getStore } from "../store";

const SLOT_TTL_MS = 10 * 60 * 1000;

/**
 * Per-account concurrency, counted in the shared store so every instance respects one limit.
 * Returns a release function, or undefined when the account is full.
 */
export async function acquireSlot(accountId: string, limit: number): Promise<(() => void) | undefined> {
  const store = getStore();
  const key = `inflight:${accountId}`;
  const count = await store.incr(key, 1, SLOT_TTL_MS);
  if (count > limit) {
    await store.incr(key, -1, SLOT_TTL_MS);
    return undefined;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    void store.incr(key, -1, SLOT_TTL_MS);
  };
}

/** A slot on a plan's first route taken before runRoutes starts: its release, or undefined when it was full. */
export interface FirstSlot {
  release: (() => void) | undefined;
}

export async function inFlight(accountId: string): Promise<number> {
  return Number((await getStore().get(`inflight:${accountId}`)) ?? 0);
}

/** A quota answer (402/429) cools the account down for as long as the upstream asked. */
export async function coolDown(accountId: string, seconds: number): Promise<void> {
  await getStore().set(`cooldown:${accountId}`, "1", Math.max(1, seconds) * 1000);
}

/** Which of the accounts are cooling down, in one store round trip. */
export async function coolingDown(accountIds: string[]): Promise<boolean[]> {
  return (await getStore().getMany(accountIds.map((id) => `cooldown:${id}`))).map((value) => value !== null);
}
