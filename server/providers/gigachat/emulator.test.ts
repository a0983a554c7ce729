import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGigaChatEmulator, type GigaChatEmulator } from "./emulator";
import { TEST_CREDENTIALS } from "./testkit";

/** Raw HTTP checks that the emulator keeps GigaChat's wire quirks (providers.md §1.12). */
describe("GigaChat emulator", () => {
  let emulator: GigaChatEmulator;

  beforeAll(async () => {
    emulator = await startGigaChatEmulator({ tokenTtlMs: 1_000 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function token(): Promise<{ access_token: string; expires_at: number }> {
    const res = await fetch(emulator.authUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${TEST_CREDENTIALS}`,
        rquid: randomUUID(),
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: "scope=GIGACHAT_API_PERS",
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; expires_at: number };
  }

  const api = (path: string, accessToken: string, body?: unknown) =>
    fetch(`${emulator.baseUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("issues tokens with expires_at in milliseconds and checks RqUID and scope", async () => {
    const { expires_at } = await token();
    expect(expires_at).toBeGreaterThan(Date.now());
    expect(expires_at).toBeLessThan(Date.now() + 2_000);

    const noRqUid = await fetch(emulator.authUrl, {
      method: "POST",
      headers: { authorization: `Basic ${TEST_CREDENTIALS}` },
      body: "scope=GIGACHAT_API_PERS",
    });
    expect(noRqUid.status).toBe(400);
    const noScope = await fetch(emulator.authUrl, {
      method: "POST",
      headers: { authorization: `Basic ${TEST_CREDENTIALS}`, rquid: randomUUID() },
      body: "",
    });
    expect(noScope.status).toBe(400);
    expect(await noScope.json()).toEqual({ code: 5, message: "scope is empty" });
  });

  it("answers without an id, with a versioned model", async () => {
    const { access_token } = await token();
    const res = await api("/chat/completions", access_token, {
      model: "GigaChat-2-Max",
      messages: [{ role: "user", content: "hi" }],
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body.id).toBeUndefined();
    expect(body.model).toBe("GigaChat-2-Max:2.0.28.2");
    expect(body.object).toBe("chat.completion");
  });

  it("streams GigaChat SSE framing with usage only in the final chunk", async () => {
    const { access_token } = await token();
    const res = await api("/chat/completions", access_token, {
      model: "GigaChat-2",
      stream: true,
      messages: [{ role: "user", content: "a b" }],
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = text.split("\n\n").filter(Boolean);
    expect(events.every((e) => e.startsWith("data: "))).toBe(true);
    expect(events[events.length - 1]).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)) as Record<string, unknown>);
    expect(chunks.every((c) => c.object === "chat.completion" && c.id === undefined)).toBe(true);
    expect(chunks.filter((c) => c.usage)).toHaveLength(1);
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [{ delta: { content: "" }, finish_reason: "stop" }] });
  });

  it("rejects a system message that is not first, and string function arguments", async () => {
    const { access_token } = await token();
    const late = await api("/chat/completions", access_token, {
      model: "GigaChat-2",
      messages: [
        { role: "user", content: "hi" },
        { role: "system", content: "late" },
      ],
    });
    expect(late.status).toBe(422);
    const stringArgs = await api("/chat/completions", access_token, {
      model: "GigaChat-2",
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: "", function_call: { name: "f", arguments: "{}" } },
        { role: "function", name: "f", content: "{}" },
      ],
    });
    expect(stringArgs.status).toBe(422);
  });

  it("returns a bare array from /tokens/count and lists models", async () => {
    const { access_token } = await token();
    const counts = await api("/tokens/count", access_token, { model: "GigaChat", input: ["First text", "Second"] });
    expect(await counts.json()).toEqual([
      { object: "tokens", tokens: 3, characters: 10 },
      { object: "tokens", tokens: 2, characters: 6 },
    ]);
    const models = (await (await api("/models", access_token)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain("EmbeddingsGigaR");
  });

  it("rejects an expired token with 401", async () => {
    const { access_token } = await token();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const res = await api("/models", access_token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ status: 401, message: "Token has expired" });
  });
});
