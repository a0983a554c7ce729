import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from "./emulator";

/** Raw HTTP against the emulator: it must look like vLLM to any OpenAI client, not only to our adapter. */
describe("openai-compatible emulator", () => {
  let emulator: OpenAICompatibleEmulator;
  const headers = { "content-type": "application/json", authorization: "Bearer k" };
  const post = (path: string, body: unknown, auth = headers) =>
    fetch(`${emulator.baseUrl}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });

  beforeAll(async () => {
    emulator = await startOpenAICompatibleEmulator({ apiKey: "k", models: ["m"], basePath: "/projects/p/openai/v1" });
  });
  afterAll(() => emulator.close());

  it("lists its models", async () => {
    const res = await fetch(`${emulator.baseUrl}/models`, { headers });
    expect(await res.json()).toMatchObject({ object: "list", data: [{ id: "m", object: "model" }] });
  });

  it("sends the usage chunk only when include_usage is requested, then [DONE]", async () => {
    const plain = await (
      await post("/chat/completions", { model: "m", stream: true, messages: [{ role: "user", content: "hi" }] })
    ).text();
    expect(plain).not.toContain('"choices":[]');
    expect(plain.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const withUsage = await (
      await post("/chat/completions", {
        model: "m",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "hi" }],
      })
    ).text();
    expect(withUsage).toContain('"choices":[],"usage":{"prompt_tokens"');
  });

  it("answers errors in the OpenAI shape", async () => {
    const unauthorized = await post(
      "/chat/completions",
      { model: "m", messages: [] },
      { ...headers, authorization: "Bearer nope" },
    );
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    const unknown = await post("/chat/completions", { model: "other", messages: [{ role: "user", content: "x" }] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: expect.stringContaining("other") } });
    const limited = await post("/chat/completions", {
      model: "m",
      messages: [{ role: "user", content: "[[status:429]]" }],
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
  });
});
