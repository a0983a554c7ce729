import { describe, expect, it } from "vitest";
import { billingReadiness, probeReadiness, STUCK_CHARGE_MS } from "./readiness";

describe("readiness", () => {
  it("reports billing unready once a charge has waited too long to be booked", () => {
    expect(billingReadiness({ waiting: 0, oldestMs: 0 })).toEqual({ ok: true });
    expect(billingReadiness({ waiting: 40, oldestMs: STUCK_CHARGE_MS - 1 })).toEqual({ ok: true });
    expect(billingReadiness({ waiting: 40, oldestMs: STUCK_CHARGE_MS + 5_000 })).toEqual({
      ok: false,
      error: "40 charges waiting to be booked, the oldest for 65 s",
    });
  });

  it("says which part failed but never how: no host, port or message of the driver", async () => {
    const refused = await probeReadiness("store", () => Promise.reject(new Error("connect ECONNREFUSED 10.1.2.3:6379")));
    expect(refused).toEqual({ ok: false, error: "unreachable" });
    const silent = await probeReadiness("database", () => new Promise(() => undefined), 50);
    expect(silent).toEqual({ ok: false, error: "no answer within 50 ms" });
    expect(await probeReadiness("database", () => Promise.resolve())).toEqual({ ok: true });
  });
});
