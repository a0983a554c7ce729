import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { drainable } from "../net/drain";
import { billingReadiness, probeReadiness, readinessAnswer, STUCK_CHARGE_MS } from "./readiness";

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

  it("answers 503 draining once the process has begun to stop, before probing anything", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    await drainable(server).drain({ graceMs: 0, timeoutMs: 0 });
    expect(await readinessAnswer()).toEqual({ status: 503, body: { status: "draining" } });
  });
});
