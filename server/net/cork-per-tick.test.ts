import { describe, expect, it } from "vitest";
import { corkPerTick } from "./cork-per-tick";

function recorder() {
  const events: string[] = [];
  return { events, stream: { cork: () => events.push("cork"), uncork: () => events.push("uncork") } };
}

describe("corkPerTick", () => {
  it("corks once for all writes of a tick and uncorks when the tick ends", async () => {
    const { events, stream } = recorder();
    const cork = corkPerTick(stream);
    cork.hold();
    events.push("write 1");
    cork.hold();
    events.push("write 2");
    expect(events).toEqual(["cork", "write 1", "write 2"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["cork", "write 1", "write 2", "uncork"]);
  });

  it("corks again in a later tick", async () => {
    const { events, stream } = recorder();
    const cork = corkPerTick(stream);
    cork.hold();
    await new Promise((resolve) => setImmediate(resolve));
    cork.hold();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["cork", "uncork", "cork", "uncork"]);
  });

  it("releases at once when asked, and the turn's end then has nothing left to uncork", async () => {
    const { events, stream } = recorder();
    const cork = corkPerTick(stream);
    cork.hold();
    events.push("headers");
    events.push("first chunk");
    cork.release();
    expect(events).toEqual(["cork", "headers", "first chunk", "uncork"]);
    cork.hold();
    events.push("second chunk");
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["cork", "headers", "first chunk", "uncork", "cork", "second chunk", "uncork"]);
  });
});
