import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../providers/openai";
import type { CallContext, Provider } from "../../providers/types";
import type { Route } from "../../routing/plan";
import { countDelivered } from "./count-delivered";

const chat: ChatRequest = { model: "gigachat/GigaChat-2-Max", messages: [{ role: "user", content: "Привет" }] };

/** A route whose adapter has only the given counters (the rest of the route is not read). */
const routeWith = (counters: Pick<Provider, "countTokens" | "countText">) =>
  ({ account: { provider: "gigachat", adapter: counters }, model: { id: "gigachat/GigaChat-2-Max" }, upstreamModel: "GigaChat-2-Max" }) as unknown as Route;

const never = (ctx: CallContext) =>
  new Promise<number>((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("cancelled")), { once: true }));

describe("countDelivered", () => {
  it("asks the provider for the prompt (as the upstream model) and the delivered text", async () => {
    const asked: unknown[] = [];
    const route = routeWith({
      countTokens: async (req) => (asked.push(req.model), 9),
      countText: async (model, text) => (asked.push([model, text]), 3),
    });
    expect(await countDelivered(route, chat, "Echo: При", false, "req_1")).toEqual({ prompt: 9, delivered: 3 });
    expect(asked).toEqual(["GigaChat-2-Max", ["GigaChat-2-Max", "Echo: При"]]);
  });

  it("does not count a prompt the upstream reported, nothing delivered, or without counters", async () => {
    let calls = 0;
    const route = routeWith({ countTokens: async () => (calls++, 9), countText: async () => (calls++, 3) });
    expect(await countDelivered(route, chat, "", true, "req_1")).toEqual({});
    expect(await countDelivered(routeWith({}), chat, "Echo", false, "req_1")).toEqual({});
    expect(calls).toBe(0);
  });

  it("leaves out a part whose count failed or had none, keeping the other", async () => {
    const failed = routeWith({ countTokens: async () => Promise.reject(new Error("503")), countText: async () => 3 });
    expect(await countDelivered(failed, chat, "Echo", false, "req_1")).toEqual({ prompt: undefined, delivered: 3 });
    const none = routeWith({ countTokens: async () => 9, countText: async () => undefined });
    expect(await countDelivered(none, chat, "Echo", false, "req_1")).toEqual({ prompt: 9, delivered: undefined });
  });

  it("gives up on counts slower than the timeout, cancelling them", async () => {
    const signals: AbortSignal[] = [];
    const slow = routeWith({
      countTokens: (_req, ctx) => (signals.push(ctx.signal), never(ctx)),
      countText: (_model, _text, ctx) => (signals.push(ctx.signal), never(ctx)),
    });
    const started = Date.now();
    expect(await countDelivered(slow, chat, "Echo", false, "req_1", 50)).toEqual({ prompt: undefined, delivered: undefined });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("bounds a counter that ignores its signal too", async () => {
    const deaf = routeWith({ countText: () => new Promise<number>(() => undefined) });
    expect(await countDelivered(deaf, chat, "Echo", true, "req_1", 50)).toEqual({ prompt: undefined, delivered: undefined });
  });
});
