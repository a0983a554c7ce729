import type { AnsweredRequest } from "./money-check";

/** What a client got from one chat request. */
export interface Answer {
  /** HTTP status; 0 when no response came (connection error or the client's own deadline). */
  status: number;
  requestId: string | null;
  /** The error code of an error body, or the connection error. */
  code: string | null;
  retryAfter: string | null;
  /** Until the whole body was read (or the request failed). */
  ms: number;
  /** A JSON completion, or a stream that reached [DONE]. */
  completed: boolean;
  /** usage.cost_rub in micro-rubles, when the answer carried it. */
  costMicro?: number;
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Gives up (status 0, code "client_timeout") after this long. */
  timeoutMs?: number;
}

const costOf = (usage: unknown) => {
  const rub = (usage as { cost_rub?: number } | undefined)?.cost_rub;
  return typeof rub === "number" ? Math.round(rub * 1_000_000) : undefined;
};

/** A body cut short (a killed instance) or not JSON at all is data too, not a test crash. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readStreamBody(text: string): Pick<Answer, "completed" | "costMicro" | "code"> {
  let costMicro: number | undefined;
  let code: string | null = null;
  for (const block of text.split("\n\n")) {
    if (!block.startsWith("data: {")) continue;
    const event = parseJson(block.slice("data: ".length)) as { usage?: unknown; error?: { code?: string } } | undefined;
    if (!event) continue;
    costMicro = costOf(event.usage) ?? costMicro;
    if (event.error) code = event.error.code ?? "stream_error";
  }
  return { completed: text.includes("data: [DONE]"), costMicro, code };
}

/** POSTs a chat completion (a JSON body, or raw bytes as they are) and reads the answer to its end. */
export async function postChat(
  baseURL: string,
  key: string,
  body: object | string | Uint8Array<ArrayBuffer>,
  options: ChatOptions = {},
): Promise<Answer> {
  const started = Date.now();
  const timeout = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const signal = options.signal && timeout ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);
  const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  try {
    const res = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: payload,
      signal,
    });
    const text = await res.text();
    const base = {
      status: res.status,
      requestId: res.headers.get("x-request-id"),
      retryAfter: res.headers.get("retry-after"),
    };
    if (res.headers.get("content-type")?.startsWith("text/event-stream"))
      return { ...base, ...readStreamBody(text), ms: Date.now() - started };
    const json = parseJson(text) as { usage?: unknown; error?: { code?: string } } | undefined;
    if (!json) return { ...base, code: "unreadable_body", completed: false, ms: Date.now() - started };
    return {
      ...base,
      code: json.error?.code ?? null,
      completed: res.status === 200,
      costMicro: costOf(json.usage),
      ms: Date.now() - started,
    };
  } catch (err) {
    const code = timeout?.aborted
      ? "client_timeout"
      : options.signal?.aborted
        ? "client_abort"
        : String((err as Error).cause ?? err);
    return { status: 0, requestId: null, code, retryAfter: null, ms: Date.now() - started, completed: false };
  }
}

/** The answers a client saw through to the end, as the money check wants them. */
export const answeredRequests = (answers: Answer[]): AnsweredRequest[] =>
  answers
    .filter((a) => a.status === 200 && a.completed && a.requestId)
    .map((a) => ({ id: a.requestId!, costMicro: a.costMicro }));

/**
 * Runs `job` on `concurrency` loops, numbering the jobs, until `stop(started)` says so; returns every result in
 * order of completion.
 */
export async function steadyLoad<T>(
  concurrency: number,
  stop: (started: number) => boolean,
  job: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stop(started)) results.push(await job(started++));
    }),
  );
  return results;
}

/** Runs `count` jobs with at most `concurrency` at once. */
export const inBatches = <T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> =>
  steadyLoad(concurrency, (started) => started >= count, job);

/** A compact view of statuses and error codes for failure messages: {"200": 140, "503 store_unavailable": 6}. */
export function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const label = a.status === 200 ? "200" : `${a.status} ${a.code ?? ""}`.trim();
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
