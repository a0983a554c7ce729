import { describe, expect, it } from "vitest";
import { UpstreamError } from "../core/upstream-error";
import { breakerFor, isOpen, isRouteFailure } from "./breakers";

describe("isRouteFailure", () => {
  it("counts the upstream's 5xx, unreachable (502) and timed out (504)", () => {
    for (const status of [500, 502, 503, 504]) expect(isRouteFailure(new UpstreamError(status, "down"))).toBe(true);
  });

  it("does not count quota answers, bad requests, our own bugs or the caller going away", () => {
    for (const status of [400, 402, 404, 429]) expect(isRouteFailure(new UpstreamError(status, "no"))).toBe(false);
    expect(isRouteFailure(new RangeError("Maximum call stack size exceeded"))).toBe(false);
    expect(isRouteFailure(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isRouteFailure(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe(false);
    expect(isRouteFailure("a string")).toBe(false);
  });
});

describe("breakerFor", () => {
  const failMany = async (account: string, err: Error) => {
    for (let i = 0; i < 40; i++)
      await breakerFor(account, "m")
        .execute(() => Promise.reject(err))
        .catch(() => undefined);
  };

  it("stays closed when requests fail on our side, opens when the upstream fails", async () => {
    const ours = `acc_${crypto.randomUUID()}`;
    await failMany(ours, new RangeError("Maximum call stack size exceeded"));
    expect(isOpen(ours, "m")).toBe(false);

    const theirs = `acc_${crypto.randomUUID()}`;
    await failMany(theirs, new UpstreamError(502, "upstream unreachable"));
    expect(isOpen(theirs, "m")).toBe(true);
  });
});
