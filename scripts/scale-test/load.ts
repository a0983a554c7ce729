/** Steady closed-loop traffic through the balancer: workers sending chat requests back to back, JSON and streams. */
import { postChat, steadyLoad as loop, type Answer } from "../../server/testing/faults/traffic";

/** The model the upstream emulator serves (bench/protocol.ts's). */
export const MODEL = "mts/mws-gpt-alpha";

export interface Sent {
  stream: boolean;
  /** Date.now() when it was sent and when its answer ended. */
  started: number;
  ended: number;
  answer: Answer;
}

/** A request that did not get a complete 200 answer. */
export const failed = (s: Sent) => s.answer.status !== 200 || !s.answer.completed;

const words = (n: number) => "word ".repeat(n);

/**
 * A chat body that keeps its request in flight a while: the emulator waits `[[slow:N]]` before answering and
 * echoes the words back, one stream chunk each.
 */
export function chatBody(stream: boolean, label: string): object {
  return stream
    ? {
        model: MODEL,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 400,
        messages: [{ role: "user", content: `[[slow:150]] ${label} ${words(300)}` }],
      }
    : { model: MODEL, max_tokens: 100, messages: [{ role: "user", content: `[[slow:300]] ${label} ${words(40)}` }] };
}

export interface Load {
  /** Requests sent so far that have not ended. */
  inFlight(): Sent[];
  /** Every request sent so far, ended or not. */
  sent(): Sent[];
  /** Stops sending, waits for what is in flight, returns every request. */
  stop(): Promise<Sent[]>;
}

export function steadyLoad(baseURL: string, key: string, workers: number): Load {
  const all: Sent[] = [];
  const open = new Set<Sent>();
  let stopped = false;
  const running = loop(
    workers,
    () => stopped,
    async (i) => {
      const stream = i % 2 === 1;
      const sent: Sent = {
        stream,
        started: Date.now(),
        ended: 0,
        answer: { status: 0, requestId: null, code: null, retryAfter: null, ms: 0, completed: false },
      };
      all.push(sent);
      open.add(sent);
      sent.answer = await postChat(`${baseURL}/api/v1`, key, chatBody(stream, `steady ${i}`), { timeoutMs: 60_000 });
      sent.ended = Date.now();
      open.delete(sent);
    },
  );
  return {
    inFlight: () => [...open],
    sent: () => all,
    stop: async () => {
      stopped = true;
      await running;
      return all;
    },
  };
}
