import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseSettings } from "../store/leases";
import { acquireSlot, inFlight } from "./slots";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("concurrency slots", () => {
  const saved = { ...leaseSettings };
  beforeAll(() => Object.assign(leaseSettings, { leaseMs: 200, renewEveryMs: 50 }));
  afterAll(() => Object.assign(leaseSettings, saved));

  it("keeps a held slot past its lease by renewing it, and a double release never counts below zero", async () => {
    const account = `acc_${crypto.randomUUID()}`;
    const first = await acquireSlot(account, 2);
    const second = await acquireSlot(account, 2);
    expect(await acquireSlot(account, 2)).toBeUndefined();
    await sleep(500);
    expect(await inFlight(account)).toBe(2);
    first!();
    first!();
    second!();
    await sleep(20);
    expect(await inFlight(account)).toBe(0);
    const again = await Promise.all([acquireSlot(account, 2), acquireSlot(account, 2), acquireSlot(account, 2)]);
    expect(again.filter(Boolean)).toHaveLength(2);
    again.forEach((release) => release?.());
  });
});
