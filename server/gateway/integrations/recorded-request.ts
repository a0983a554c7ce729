import { Stream } from "openai/streaming";

/**
 * Replaying a tool's recorded request: the body and headers it sends, by plain fetch, and its answer read the way
 * the tool reads it. Every tool on the integration pages is built on an OpenAI SDK (JS or Python), whose stream
 * reader is the openai package's `Stream`: `data:` lines as JSON, `[DONE]` ends a chat stream, an `error` payload
 * throws.
 */
export function replay(url: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** The stream's JSON items in order, as the openai SDK yields them. */
export async function sseItems<T>(res: Response): Promise<T[]> {
  const items: T[] = [];
  for await (const item of Stream.fromSSEResponse<T>(res, new AbortController())) items.push(item);
  return items;
}

/** `x-xrouter-dropped-params` as a list. */
export const droppedParams = (res: Response): string[] => res.headers.get("x-xrouter-dropped-params")?.split(",").map((s) => s.trim()) ?? [];

/** Headers the openai JS SDK (v4-v6, which the JS tools bundle) adds to every request. */
export const openaiJsSdkHeaders = (version: string): Record<string, string> => ({
  accept: "application/json",
  "user-agent": `OpenAI/JS ${version}`,
  "x-stainless-lang": "js",
  "x-stainless-package-version": version,
  "x-stainless-os": "Linux",
  "x-stainless-arch": "x64",
  "x-stainless-runtime": "node",
  "x-stainless-runtime-version": "v22.17.0",
  "x-stainless-retry-count": "0",
  "x-stainless-timeout": "600",
});

/** Headers the openai Python SDK adds (async client). */
export const openaiPythonSdkHeaders = (version: string): Record<string, string> => ({
  accept: "application/json",
  "user-agent": `AsyncOpenAI/Python ${version}`,
  "x-stainless-lang": "python",
  "x-stainless-package-version": version,
  "x-stainless-os": "Linux",
  "x-stainless-arch": "x64",
  "x-stainless-runtime": "CPython",
  "x-stainless-runtime-version": "3.12.8",
  "x-stainless-async": "async:asyncio",
  "x-stainless-retry-count": "0",
  "x-stainless-read-timeout": "600",
});

/** A chat completions stream's tool calls, assembled by index the way the openai SDK's helpers and the tools do. */
export function assembleToolCalls(chunks: ChatChunk[]) {
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const chunk of chunks)
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { id: "", name: "", arguments: "" });
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      call.arguments += delta.function?.arguments ?? "";
    }
  return calls;
}

/** A chat completions stream's text. */
export const streamedText = (chunks: ChatChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

export interface ChatChunk {
  id: string;
  model: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string | null; tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[] };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost_rub?: number } | null;
}
