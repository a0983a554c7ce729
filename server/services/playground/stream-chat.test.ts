import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApi, type TestApi } from "../../testing/api-server";
import type { PlaygroundChatInput, PlaygroundMetadata } from "./types";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function newUser() {
  const { getDb } = await import("../../db");
  const { createUser } = await import("../users/create-user");
  const { addCredits } = await import("../credits/add-credits");
  const db = await getDb();
  const user = await createUser(db, { email: `playground-${crypto.randomUUID().slice(0, 8)}@example.test` });
  await addCredits(db, { userId: user.id, amountMicro: 100_000_000, kind: "adjustment" });
  return user;
}

type Chunk = { type: string; delta?: string; errorText?: string; messageMetadata?: PlaygroundMetadata };

/** Reads a UI message stream response (SSE of JSON chunks) to its end. */
async function readChunks(response: Response): Promise<Chunk[]> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice(6)) as Chunk);
}

const ask = (text: string, model = "gigachat/GigaChat-2", extra: Partial<PlaygroundChatInput> = {}): PlaygroundChatInput => ({
  messages: [{ id: "m1", role: "user", parts: [{ type: "text", text }] }],
  model,
  ...extra,
});

describe("playgroundChat (through the real gateway on the demo emulators)", () => {
  it("streams the answer with tokens, cost, and latency, and records the request under the Playground key", async () => {
    const { playgroundChat } = await import("./stream-chat");
    const user = await newUser();
    const response = await playgroundChat(ask("hello", "gigachat/GigaChat-2", { system: "be brief", temperature: 0.3 }), user.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await readChunks(response);
    const deltas = chunks.filter((c) => c.type === "text-delta").map((c) => c.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Echo: hello");
    const finish = chunks.find((c) => c.type === "finish");
    const metadata = finish?.messageMetadata;
    expect(metadata).toMatchObject({ model: "gigachat/GigaChat-2", finishReason: "stop" });
    expect(metadata!.inputTokens).toBeGreaterThan(0);
    expect(metadata!.outputTokens).toBeGreaterThan(0);
    expect(metadata!.costMicro).toBeGreaterThan(0);
    expect(metadata!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(metadata!.requestId).toMatch(/^req_/);

    const { flushRequests } = await import("../../gateway/recorder");
    const { getBilling } = await import("../../billing");
    await Promise.all([flushRequests(), getBilling().charges.flush()]);
    const { getDb } = await import("../../db");
    const { apiKeys, requests, users } = await import("../../db/schema");
    const db = await getDb();
    const rows = await db
      .select({ request: requests, keyName: apiKeys.name })
      .from(requests)
      .innerJoin(apiKeys, eq(apiKeys.id, requests.keyId))
      .where(and(eq(requests.userId, user.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.keyName).toBe("Playground");
    expect(rows[0]!.request).toMatchObject({
      id: metadata!.requestId,
      model: "gigachat/GigaChat-2",
      stream: true,
      status: 200,
      promptTokens: metadata!.inputTokens,
      completionTokens: metadata!.outputTokens,
      costMicro: metadata!.costMicro,
    });
    // Charged like any request: the balance went down by exactly the cost shown.
    const [after] = await db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, user.id));
    expect(after!.balance).toBe(100_000_000 - metadata!.costMicro!);
  });

  it("gives each answer the gateway's request id, which the user can rate once it is recorded", async () => {
    const { playgroundChat } = await import("./stream-chat");
    const { rateRequest } = await import("../feedback/rate-request");
    const { getDb } = await import("../../db");
    const user = await newUser();
    const other = await newUser();
    const first = (await readChunks(await playgroundChat(ask("one"), user.id))).find((c) => c.type === "finish")?.messageMetadata;
    const second = (await readChunks(await playgroundChat(ask("two"), user.id))).find((c) => c.type === "finish")?.messageMetadata;
    expect(first?.requestId).toMatch(/^req_/);
    expect(second?.requestId).toMatch(/^req_/);
    expect(second!.requestId).not.toBe(first!.requestId);
    // No flush: the rating waits for the recorder's batch to land.
    const db = await getDb();
    expect(await rateRequest(db, user.id, first!.requestId!, 1)).toMatchObject({ requestId: first!.requestId, rating: 1 });
    expect(await rateRequest(db, other.id, second!.requestId!, 1)).toBeNull();
  });

  it("passes the conversation and max tokens through", async () => {
    const { playgroundChat } = await import("./stream-chat");
    const user = await newUser();
    const input: PlaygroundChatInput = {
      model: "yandex/yandexgpt-lite",
      maxOutputTokens: 2,
      messages: [
        { id: "1", role: "user", parts: [{ type: "text", text: "first" }] },
        { id: "2", role: "assistant", parts: [{ type: "step-start" }, { type: "text", text: "Echo: first" }] },
        { id: "3", role: "user", parts: [{ type: "text", text: "one two three four" }] },
      ],
    };
    const chunks = await readChunks(await playgroundChat(input, user.id));
    expect(chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("")).toBe("Echo: one");
    expect(chunks.find((c) => c.type === "finish")?.messageMetadata).toMatchObject({ finishReason: "length", outputTokens: 2 });
  });

  it("turns an upstream failure into a readable error in the stream", async () => {
    const { playgroundChat } = await import("./stream-chat");
    const user = await newUser();
    const chunks = await readChunks(await playgroundChat(ask("boom [[status:503]]"), user.id));
    const error = JSON.parse(chunks.find((c) => c.type === "error")?.errorText ?? "{}") as unknown;
    expect(error).toMatchObject({ error: expect.stringMatching(/upstream provider 'gigachat' error/), status: 502 });
  });

  it("shows the gateway's 402 when the balance cannot cover the request", async () => {
    const { playgroundChat } = await import("./stream-chat");
    const { getDb } = await import("../../db");
    const { createUser } = await import("../users/create-user");
    const { getLogger } = await import("../../logging/logger");
    const warned = vi.spyOn(getLogger(), "warn");
    const noted = vi.spyOn(getLogger(), "info");
    const broke = await createUser(await getDb(), { email: `playground-broke-${crypto.randomUUID().slice(0, 8)}@example.test` });
    const chunks = await readChunks(await playgroundChat(ask("hello"), broke.id));
    const error = JSON.parse(chunks.find((c) => c.type === "error")?.errorText ?? "{}") as unknown;
    expect(error).toMatchObject({ error: expect.stringMatching(/insufficient balance/), status: 402, code: "insufficient_quota" });
    // An empty balance is the user's everyday business: an info line without the error's stack, no warning.
    expect(warned).not.toHaveBeenCalled();
    expect(noted).toHaveBeenCalledWith({ model: "gigachat/GigaChat-2", status: 402, code: "insufficient_quota" }, "playground request refused");
    warned.mockRestore();
    noted.mockRestore();
  });

  it("refuses a model that is not a chat model in the catalog", async () => {
    const { playgroundChat, PlaygroundRequestError } = await import("./stream-chat");
    const user = await newUser();
    await expect(playgroundChat(ask("hi", "nobody/nothing"), user.id)).rejects.toBeInstanceOf(PlaygroundRequestError);
    await expect(playgroundChat(ask("hi", "gigachat/Embeddings"), user.id)).rejects.toThrow(/unknown chat model/);
  });

  it("validates the body like the route does", async () => {
    const { playgroundChatSchema } = await import("./types");
    expect(playgroundChatSchema.safeParse(ask("hi")).success).toBe(true);
    expect(playgroundChatSchema.safeParse({ ...ask("hi"), temperature: 3 }).success).toBe(false);
    expect(playgroundChatSchema.safeParse({ ...ask("hi"), maxOutputTokens: 0 }).success).toBe(false);
    expect(playgroundChatSchema.safeParse({ model: "x", messages: [] }).success).toBe(false);
    expect(playgroundChatSchema.safeParse({ ...ask("hi"), messages: [{ id: "1", role: "tool", parts: [] }] }).success).toBe(false);
  });
});
