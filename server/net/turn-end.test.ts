import { describe, expect, it } from "vitest";
import { atTurnEnd, uncorkAtTurnEnd } from "./turn-end";

describe("the end of a turn", () => {
  it("runs the turn's batches before its uncorks, and what they queue in the same pass", async () => {
    const order: string[] = [];
    uncorkAtTurnEnd(() => order.push("uncork queued first"));
    atTurnEnd(() => {
      order.push("batch");
      // A batch writing to a socket corks it: its uncork must not wait for another turn.
      uncorkAtTurnEnd(() => order.push("uncork queued by the batch"));
    });
    const nextTurn = new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    setImmediate(() => order.push("an immediate queued after"));
    await nextTurn;
    expect(order).toEqual(["batch", "uncork queued first", "uncork queued by the batch", "an immediate queued after"]);
  });

  it("runs the others when one throws", async () => {
    const ran: string[] = [];
    const uncaught = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
    atTurnEnd(() => {
      throw new Error("boom");
    });
    atTurnEnd(() => ran.push("second"));
    await expect(uncaught).resolves.toMatchObject({ message: "boom" });
    expect(ran).toEqual(["second"]);
  });
});
