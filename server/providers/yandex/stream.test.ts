import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import type { ChatCompletionChunk } from "../openai";
import { toOpenAIChunks } from "./stream";
import type { YandexAlternativeStatus, YandexCompletionEnvelope } from "./wire";

function frame(text: string, status: YandexAlternativeStatus, completion: number): YandexCompletionEnvelope {
  return {
    result: {
      alternatives: [{ message: { role: "assistant", text }, status }],
      usage: { inputTextTokens: "29", completionTokens: String(completion), totalTokens: String(29 + completion) },
      modelVersion: "07.03.2024",
    },
  };
}

async function* from(frames: YandexCompletionEnvelope[]): AsyncGenerator<YandexCompletionEnvelope> {
  yield* frames;
}

async function collect(frames: YandexCompletionEnvelope[]): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of toOpenAIChunks(from(frames), "yandexgpt/latest")) chunks.push(chunk);
  return chunks;
}

const content = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

describe("toOpenAIChunks", () => {
  it("turns cumulative frames into deltas, role first, usage and finish last", async () => {
    const chunks = await collect([
      frame("О", "ALTERNATIVE_STATUS_PARTIAL", 1),
      frame("Ошибки сами себя", "ALTERNATIVE_STATUS_PARTIAL", 5),
      frame("Ошибки сами себя не исправят.", "ALTERNATIVE_STATUS_FINAL", 9),
    ]);
    expect(content(chunks)).toBe("Ошибки сами себя не исправят.");
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.slice(1).every((c) => c.choices[0]?.delta.role === undefined)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const last = chunks.at(-1)!;
    expect(last.choices[0]?.finish_reason).toBe("stop");
    expect(last.usage).toEqual({ prompt_tokens: 29, completion_tokens: 9, total_tokens: 38 });
    expect(chunks.slice(0, -1).every((c) => c.usage === undefined && c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("holds back a frame that rewrites earlier text", async () => {
    const chunks = await collect([
      frame("Hello wor", "ALTERNATIVE_STATUS_PARTIAL", 2),
      frame("Hello", "ALTERNATIVE_STATUS_PARTIAL", 1),
      frame("Hello world", "ALTERNATIVE_STATUS_TRUNCATED_FINAL", 2),
    ]);
    expect(content(chunks)).toBe("Hello world");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
  });

  it("throws a mid-stream error line as an UpstreamError", async () => {
    const error = { error: { grpcCode: 14, httpCode: 503, message: "unavailable", httpStatus: "Service Unavailable" } };
    await expect(collect([frame("a", "ALTERNATIVE_STATUS_PARTIAL", 1), error])).rejects.toMatchObject({ status: 503 });
  });

  it("fails when the stream ends without a terminal status", async () => {
    await expect(collect([frame("a", "ALTERNATIVE_STATUS_PARTIAL", 1)])).rejects.toBeInstanceOf(UpstreamError);
  });
});
