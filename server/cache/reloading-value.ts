interface Slot<T> {
  loadedAt: number;
  value: Promise<T>;
  reloading: boolean;
  /** The value once its load succeeded (for peek). */
  loaded?: T;
}

export interface ReloadingValue<T> {
  /** The current value; waits for the database only on the first load, after expiry or after invalidate(). */
  get(): Promise<T>;
  /** Drops the value (after an admin change): the next get() loads it again. */
  invalidate(): void;
  /** The last value loaded, without loading (metrics read it at scrape time); undefined before the first load. */
  peek(): T | undefined;
}

/**
 * A value loaded from the database and kept in memory for the hot path: reloaded in the background once it is
 * `reloadAfterMs` old (one reload at a time), so requests do not wait for the database, and never used past
 * `expireAfterMs`. A failed load keeps the previous value. Kept on globalThis under `name` because the custom
 * server and Next's route modules are separate module graphs.
 */
export function reloadingValue<T>(
  name: string,
  load: () => Promise<T>,
  { reloadAfterMs, expireAfterMs }: { reloadAfterMs: number; expireAfterMs: number },
): ReloadingValue<T> {
  const key = `__xrouter_${name}`;
  const g = globalThis as unknown as Record<string, Slot<T> | undefined>;
  return {
    get() {
      const now = Date.now();
      const current = g[key];
      if (!current || now - current.loadedAt > expireAfterMs) {
        const value = load();
        const slot: Slot<T> = { loadedAt: now, value, reloading: false, loaded: current?.loaded };
        g[key] = slot;
        value.then(
          (loaded) => (slot.loaded = loaded),
          () => {
            if (g[key]?.value === value) g[key] = current;
          },
        );
      } else if (now - current.loadedAt > reloadAfterMs && !current.reloading) {
        current.reloading = true;
        const value = load();
        value.then(
          (loaded) => {
            if (g[key] === current) g[key] = { loadedAt: now, value, reloading: false, loaded };
          },
          () => (current.reloading = false),
        );
      }
      return g[key]!.value;
    },
    invalidate() {
      g[key] = undefined;
    },
    peek() {
      return g[key]?.loaded;
    },
  };
}
