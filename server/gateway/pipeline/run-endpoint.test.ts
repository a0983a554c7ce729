import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../providers/openai";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { chatEndpoint } from "../chat";
import type { ResponseSink } from "../sink";
import { newRequestId } from "./context";
import type { Endpoint } from "./endpoint";
import { identifyCaller } from "./identify";
import { runEndpoint } from "./run-endpoint";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** The chat endpoint, noting each of its parts as the pipeline reaches it. */
function traced(stages: string[]): Endpoint<ChatRequest, unknown> {
  const chat = chatEndpoint as Endpoint<ChatRequest, unknown>;
  return {
    ...chat,
    check: (req) => (stages.push("validate"), chat.check!(req)),
    planInput: (...args) => (stages.push("plan"), chat.planInput(...args)),
    worstCase: (...args) => (stages.includes("admit") || stages.push("admit"), chat.worstCase(...args)),
    call: (...args) => (stages.push("call"), chat.call(...args)),
    deliver: (...args) => (stages.push("deliver"), chat.deliver(...args)),
    complete: (...args) => (stages.push("complete"), chat.complete(...args)),
  };
}

function sink() {
  const out = { status: 0, body: "" };
  const s: ResponseSink = {
    start: (status) => void (out.status = status),
    write: (chunk) => void (out.body += chunk),
    end: (last) => void (out.body += last ?? ""),
  };
  return { out, sink: s };
}

async function run(key: string, body: unknown) {
  const stages: string[] = [];
  const principal = await identifyCaller({ authorization: `Bearer ${key}` });
  const { out, sink: s } = sink();
  const ctx = { requestId: newRequestId(), signal: new AbortController().signal, startedAt: Date.now() };
  const error = await runEndpoint(traced(stages), body, principal, ctx, s).then(
    () => undefined,
    (err: { status: number; code: string }) => err,
  );
  return { stages, out, error };
}

const chat = { model: "gigachat/GigaChat-2-Max", max_tokens: 20, messages: [{ role: "user", content: "stages" }] };

describe("the endpoint pipeline", () => {
  it("runs validate → plan → admit → call → deliver → complete, in that order", async () => {
    const { key } = await createTestKey();
    const { stages, out, error } = await run(key, chat);
    expect(error).toBeUndefined();
    expect(out.status).toBe(200);
    expect(stages).toEqual(["validate", "plan", "admit", "call", "deliver", "complete"]);
  });

  it("never plans or admits a request that fails validation", async () => {
    const { key } = await createTestKey();
    const { stages, error } = await run(key, { ...chat, messages: "not a list" });
    expect(error?.status).toBe(400);
    expect(stages).toEqual([]);
  });

  it("never calls upstream for a request admission refuses", async () => {
    const { key } = await createTestKey({ creditRub: 0 });
    const { stages, error } = await run(key, chat);
    expect(error?.status).toBe(402);
    expect(stages).toEqual(["validate", "plan", "admit"]);
  });
});
