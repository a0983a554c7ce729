import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadingValue } from "./reloading-value";

afterEach(() => vi.useRealTimers());

function source() {
  let version = 0;
  let fail = false;
  const calls = { count: 0 };
  return {
    calls,
    fail: (value: boolean) => (fail = value),
    load: async () => {
      calls.count++;
      if (fail) throw new Error("database down");
      return ++version;
    },
  };
}

describe("reloadingValue", () => {
  it("loads once, reloads in the background when due without making callers wait, and expires", async () => {
    vi.useFakeTimers({ now: 0 });
    const db = source();
    const value = reloadingValue(`test-${crypto.randomUUID()}`, db.load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });
    expect(await value.get()).toBe(1);
    expect(await value.get()).toBe(1);
    expect(db.calls.count).toBe(1);

    vi.setSystemTime(9_000);
    expect(await value.get()).toBe(1); // served at once; the reload runs behind it
    expect(await value.get()).toBe(2);
    expect(db.calls.count).toBe(2);

    vi.setSystemTime(30_000);
    expect(await value.get()).toBe(3); // past expiry: waits for a fresh load
  });

  it("keeps serving the value when a background reload fails, retries, and loads again after invalidate()", async () => {
    vi.useFakeTimers({ now: 0 });
    const db = source();
    const value = reloadingValue(`test-${crypto.randomUUID()}`, db.load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });
    expect(await value.get()).toBe(1);
    db.fail(true);
    vi.setSystemTime(9_000);
    expect(await value.get()).toBe(1);
    expect(await value.get()).toBe(1); // the failed reload left the value in place
    db.fail(false);
    expect(await value.get()).toBe(1); // and the next call reloads again
    expect(await value.get()).toBe(2);
    value.invalidate();
    expect(await value.get()).toBe(3);
  });

  it("does not keep a failed load: the next call tries again", async () => {
    const db = source();
    db.fail(true);
    const value = reloadingValue(`test-${crypto.randomUUID()}`, db.load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });
    await expect(value.get()).rejects.toThrow("database down");
    db.fail(false);
    expect(await value.get()).toBe(1);
  });

  it("peek() gives the last value loaded without loading, also while a reload or an expired value's load runs", async () => {
    vi.useFakeTimers({ now: 0 });
    const db = source();
    const value = reloadingValue(`test-${crypto.randomUUID()}`, db.load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });
    expect(value.peek()).toBeUndefined();
    expect(db.calls.count).toBe(0);
    await value.get();
    expect(value.peek()).toBe(1);
    vi.setSystemTime(20_000);
    const loading = value.get();
    expect(value.peek()).toBe(1);
    expect(await loading).toBe(2);
    expect(value.peek()).toBe(2);
  });
});
