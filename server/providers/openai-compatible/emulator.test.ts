import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from "./emulator";

/** Raw HTTP against the emulator: it must look like vLLM to any OpenAI client, not only to our adapter. */
describe("openai-compatible emulator", () => {
  let emulator: OpenAICompatibleEmulator;
  const headers = { "content-type": "application/json", authorization: "Bearer k" };
  const post = (path: string, body: unknown, auth = headers) =>
    fetch(`${emulator.baseUrl}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });
  const chat = (extra: Record<string, unknown>, text = "hi") =>
    post("/chat/completions", { model: "m", messages: [{ role: "user", content: text }], ...extra });

  /** Posts, expects vLLM's refusal and that the emulator logged it as a violation. */
  async function refused(path: string, body: unknown, status = 400) {
    const before = emulator.violations.length;
    const res = await post(path, body);
    expect(res.status).toBe(status);
    expect(emulator.violations.slice(before)).toEqual([
      { method: "POST", path: `/projects/p/openai/v1${path}`, status },
    ]);
    return (await res.json()) as { error: { message: string; type: string; param: string | null; code: number } };
  }
  const refusedChat = (extra: Record<string, unknown>) =>
    refused("/chat/completions", { model: "m", messages: [{ role: "user", content: "hi" }], ...extra });

  beforeAll(async () => {
    emulator = await startOpenAICompatibleEmulator({
      apiKey: "k",
      models: ["m", "thinker", "e"],
      reasoningField: "reasoning",
      thinkingModels: ["thinker"],
      basePath: "/projects/p/openai/v1",
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.violations.length = 0;
  });

  it("lists its models", async () => {
    const res = await fetch(`${emulator.baseUrl}/models`, { headers });
    expect(await res.json()).toMatchObject({
      object: "list",
      data: [
        { id: "m", object: "model" },
        { id: "thinker", object: "model" },
        { id: "e", object: "model" },
      ],
    });
  });

  it("sends the usage chunk only when include_usage is requested, then [DONE]", async () => {
    const plain = await (await chat({ stream: true })).text();
    expect(plain).not.toContain('"choices":[]');
    expect(plain.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const withUsage = await (await chat({ stream: true, stream_options: { include_usage: true } })).text();
    expect(withUsage).toContain('"choices":[],"usage":{"prompt_tokens"');
    expect(emulator.violations).toEqual([]);
  });

  it("answers a wrong key with the --api-key middleware's body", async () => {
    const res = await post(
      "/chat/completions",
      { model: "m", messages: [] },
      { ...headers, authorization: "Bearer nope" },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("answers an unknown model with vLLM's 404, for chat and embeddings", async () => {
    const expected = {
      error: { message: "The model `other` does not exist.", type: "NotFoundError", param: "model", code: 404 },
    };
    expect(
      await refused("/chat/completions", { model: "other", messages: [{ role: "user", content: "x" }] }, 404),
    ).toEqual(expected);
    expect(await refused("/embeddings", { model: "other", input: "x" }, 404)).toEqual(expected);
  });

  it("answers a rate limit with Retry-After, and a scripted status is no violation", async () => {
    const limited = await chat({}, "[[status:429]]");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await chat({}, "[[status:400]]")).status).toBe(400);
    expect(emulator.violations).toEqual([]);
  });

  it("refuses top_p 0: top_p must be in (0, 1]", async () => {
    expect(await refusedChat({ top_p: 0 })).toEqual({
      error: {
        message: "top_p must be in (0, 1], got 0.0. (parameter=top_p, value=0.0)",
        type: "BadRequestError",
        param: "top_p",
        code: 400,
      },
    });
    expect((await refusedChat({ top_p: 1.5 })).error.message).toMatch(/^top_p must be in \(0, 1\], got 1\.5\./);
    expect((await chat({ top_p: 1 })).status).toBe(200);
  });

  it("refuses a negative temperature, and one above 2", async () => {
    expect(await refusedChat({ temperature: -1 })).toEqual({
      error: {
        message: "temperature must be non-negative, got -1.0. (parameter=temperature, value=-1.0)",
        type: "BadRequestError",
        param: "temperature",
        code: 400,
      },
    });
    expect((await refusedChat({ temperature: 2.5 })).error.message).toMatch(
      /^temperature must be in \[0, 2\], got 2\.5\./,
    );
    expect((await chat({ temperature: 0 })).status).toBe(200);
  });

  it("refuses max_tokens (or max_completion_tokens) below 1", async () => {
    expect((await refusedChat({ max_tokens: 0 })).error).toEqual({
      message: "max_tokens must be at least 1, got 0. (parameter=max_tokens, value=0)",
      type: "BadRequestError",
      param: "max_tokens",
      code: 400,
    });
    expect((await refusedChat({ max_completion_tokens: -5, max_tokens: 10 })).error.message).toMatch(/got -5\./);
  });

  it("refuses n below 1, and n > 1 with greedy sampling", async () => {
    expect((await refusedChat({ n: 0 })).error).toMatchObject({ message: "n must be at least 1, got 0.", param: null });
    expect((await refusedChat({ n: 2, temperature: 0 })).error.message).toBe(
      "n must be 1 when using greedy sampling, got 2.",
    );
  });

  it("answers n choices, indexed 0..n-1, with usage summed over them", async () => {
    const one = (await (await chat({}, "three words here")).json()) as { usage: { completion_tokens: number } };
    const res = await chat({ n: 3 }, "three words here");
    const body = (await res.json()) as {
      choices: { index: number; message: { content: string } }[];
      usage: { completion_tokens: number };
    };
    expect(body.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(body.choices.every((c) => c.message.content === "Echo: three words here")).toBe(true);
    expect(body.usage.completion_tokens).toBe(3 * one.usage.completion_tokens);
  });

  it("streams n choices as chunks told apart by index, each finished", async () => {
    const text = await (await chat({ n: 2, stream: true }, "hello you")).text();
    const chunks = text
      .split("\n\n")
      .filter((line) => line.startsWith("data: {"))
      .map(
        (line) =>
          JSON.parse(line.slice(6)) as {
            choices: { index: number; delta: { content?: string }; finish_reason: string | null }[];
          },
      );
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
    for (const index of [0, 1]) {
      const mine = chunks.flatMap((c) => c.choices).filter((c) => c.index === index);
      expect(mine.map((c) => c.delta.content ?? "").join("")).toBe("Echo: hello you");
      expect(mine.filter((c) => c.finish_reason === "stop")).toHaveLength(1);
    }
  });

  it("refuses stream_options without stream: true", async () => {
    expect((await refusedChat({ stream_options: { include_usage: true } })).error).toEqual({
      message: "Stream options can only be defined when `stream=True`.",
      type: "Bad Request",
      param: "stream_options",
      code: 400,
    });
  });

  it("refuses a penalty outside [-2, 2]", async () => {
    expect((await refusedChat({ presence_penalty: 3 })).error.message).toBe(
      "presence_penalty must be in [-2, 2], got 3.0.",
    );
    expect((await refusedChat({ frequency_penalty: -2.5 })).error.message).toBe(
      "frequency_penalty must be in [-2, 2], got -2.5.",
    );
  });

  it("refuses an empty stop string", async () => {
    expect((await refusedChat({ stop: ["END", ""] })).error.message).toBe("stop cannot contain an empty string.");
  });

  it("refuses reasoning_effort other than low, medium or high", async () => {
    expect((await refusedChat({ reasoning_effort: "minimal" })).error).toMatchObject({
      type: "Bad Request",
      code: 400,
    });
    expect((await chat({ reasoning_effort: "low" })).status).toBe(200);
  });

  it("refuses tool_choice without tools, or naming a tool that is not there", async () => {
    expect((await refusedChat({ tool_choice: "auto" })).error.message).toBe(
      "When using `tool_choice`, `tools` must be set.",
    );
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
    expect(
      (await refusedChat({ tools, tool_choice: { type: "function", function: { name: "g" } } })).error.message,
    ).toBe("The tool specified in `tool_choice` does not match any of the specified `tools`");
    expect((await chat({ tool_choice: "none" })).status).toBe(200);
  });

  it("honours encoding_format: base64 as little-endian float32, float by default", async () => {
    const floats = (await (await post("/embeddings", { model: "e", input: ["a b", "c"] })).json()) as {
      data: { embedding: number[] }[];
    };
    const encoded = (await (
      await post("/embeddings", { model: "e", input: ["a b", "c"], encoding_format: "base64" })
    ).json()) as {
      data: { embedding: string }[];
    };
    encoded.data.forEach((item, i) => {
      expect(typeof item.embedding).toBe("string");
      const bytes = Buffer.from(item.embedding, "base64");
      const decoded = Array.from({ length: bytes.length / 4 }, (_, j) => bytes.readFloatLE(j * 4));
      expect(decoded).toEqual(floats.data[i]!.embedding.map((x) => Math.fround(x)));
    });
    const explicit = await post("/embeddings", { model: "e", input: ["a b", "c"], encoding_format: "float" });
    expect(((await explicit.json()) as typeof floats).data).toEqual(floats.data);
  });

  it("refuses an unknown encoding_format", async () => {
    expect((await refused("/embeddings", { model: "e", input: "x", encoding_format: "hex" })).error).toMatchObject({
      type: "Bad Request",
      code: 400,
    });
  });

  it("thinks only for a model with the thinking switch, and not when it is turned off", async () => {
    const message = async (model: string, extra: Record<string, unknown> = {}) =>
      (
        (await (
          await post("/chat/completions", { model, messages: [{ role: "user", content: "q" }], ...extra })
        ).json()) as {
          choices: { message: { reasoning: string | null } }[];
        }
      ).choices[0]!.message;
    expect((await message("thinker")).reasoning).toBe("Thinking about: q");
    expect((await message("thinker", { chat_template_kwargs: { enable_thinking: false } })).reasoning).toBeNull();
    expect((await message("m")).reasoning).toBeNull();
    const stream = await (
      await post("/chat/completions", { model: "m", stream: true, messages: [{ role: "user", content: "q" }] })
    ).text();
    expect(stream).not.toContain('"reasoning"');
  });
});
