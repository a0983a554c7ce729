import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import type { Generation } from "./recorder";

let api: TestApi;
let key: string;
let client: OpenAI;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
});
afterAll(() => api.close());

const MODELS = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/mws-gpt-alpha", "tbank/T-pro-it-2.0"];

function streamRequest(body: Record<string, unknown>, signal?: AbortSignal) {
  return fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ stream: true, ...body }),
    signal,
  });
}

const sseData = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length));

/** Polls GET /generation until the request is recorded (it is recorded once the gateway notices the end). */
async function waitForGeneration(id: string): Promise<Generation> {
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    expect(res.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`generation ${id} was not recorded within 5 s`);
}

describe.each(MODELS)("an upstream stream cut on %s", (model) => {
  it("ends with a finish_reason error chunk and an error event, without [DONE]", async () => {
    const res = await streamRequest({
      model,
      messages: [{ role: "user", content: "please cut [[cut:2]] this rather long answer short" }],
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const text = await res.text();
    const events = sseData(text);

    expect(text).not.toContain("[DONE]");
    const errorEvent = JSON.parse(events.at(-1)!) as { error: { message: string; type: string; code: string | null } };
    expect(errorEvent.error.type).toBe("upstream_error");
    expect(errorEvent.error.message).toContain(`'${model.split("/")[0]}'`);
    const finishChunk = JSON.parse(events.at(-2)!) as OpenAI.ChatCompletionChunk;
    expect(finishChunk.object).toBe("chat.completion.chunk");
    expect(finishChunk.model).toBe(model);
    expect(finishChunk.choices).toHaveLength(1);
    expect(finishChunk.choices[0]!.finish_reason as string).toBe("error");

    // Some content made it through before the cut, and no usage chunk claims a normal end.
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as OpenAI.ChatCompletionChunk);
    const delivered = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(delivered.length).toBeGreaterThan(0);
    expect("Echo: please cut [[cut:2]] this rather long answer short".startsWith(delivered)).toBe(true);
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);

    const generation = await waitForGeneration(requestId);
    expect(generation.status).toBeGreaterThanOrEqual(500);
    expect(generation.finish_reason).toBe("error");
    expect(generation.tokens_completion).toBeGreaterThan(0);
  });

  it("makes the SDK's stream throw an APIError", async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "cut [[cut:2]] via the sdk please" }],
      stream: true,
    });
    const finishes: (string | null)[] = [];
    const err = await (async () => {
      for await (const chunk of stream) finishes.push(...chunk.choices.map((c) => c.finish_reason));
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(finishes).toContain("error");
  });
});

describe("a client that disconnects mid-stream", () => {
  // A long reply: the emulators send one word per chunk with a pause between chunks, so it takes seconds.
  const prompt = Array.from({ length: 3000 }, () => "a").join(" ");
  const fullReply = `Echo: ${prompt}`;

  it.each(["mts/mws-gpt-alpha", "gigachat/GigaChat-2-Max"])(
    "is recorded on %s with status 499 and the tokens delivered so far",
    async (model) => {
      const abort = new AbortController();
      const started = Date.now();
      const res = await streamRequest({ model, messages: [{ role: "user", content: prompt }] }, abort.signal);
      expect(res.status).toBe(200);
      const requestId = res.headers.get("x-request-id")!;
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
      abort.abort();
      await reader.cancel().catch(() => undefined);

      const generation = await waitForGeneration(requestId);
      expect(generation).toMatchObject({ status: 499, error_code: "client_closed_request", stream: true, model });
      expect(generation.tokens_completion).toBeGreaterThan(0);
      // Billed for part of the reply, not all of it.
      expect(generation.tokens_completion).toBeLessThan(Math.ceil(fullReply.length / 4));
      expect(generation.tokens_prompt).toBeGreaterThan(0);
      expect(generation.cost_rub).toBeGreaterThan(0);
      // The gateway stopped reading the upstream instead of waiting for the whole reply.
      expect(generation.latency_ms).toBeLessThan(Date.now() - started + 50);
      expect(generation.latency_ms).toBeLessThan(2_000);
    },
  );
});
