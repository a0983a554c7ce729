import { format } from "@/server/core/locale";
import type { PlaygroundFailure, PlaygroundMessage } from "@/server/services/playground/types";
import type { playgroundMessages } from "./messages";

type PlaygroundStrings = Record<keyof (typeof playgroundMessages)["ru"], string>;

/** The failure behind useChat's error: its message is the stream's error text or the route's JSON refusal. */
export function parseFailure(error: Error): PlaygroundFailure {
  try {
    const body = JSON.parse(error.message) as Partial<PlaygroundFailure> | null;
    if (body && typeof body.error === "string") return body as PlaygroundFailure;
  } catch {
    // not ours: a network failure or the SDK's own text
  }
  return { error: error.message };
}

/** What the user can do about a failure: top up, wait and retry, or pick a model that fits. */
export type FailureAction = "topup" | "retry";

export interface FailureView {
  title: string;
  hint?: string;
  action: FailureAction;
}

/** The failure in the user's language; the gateway's English sentence is never shown. */
export function failureView(failure: PlaygroundFailure, m: PlaygroundStrings, toolModels: string[]): FailureView {
  const { status, code, param } = failure;
  const withStatus = (title: string) => (status ? `${title} (${format(m.errStatus, { status })})` : title);
  if (status === 402) return { title: m.errInsufficient, hint: m.topUp, action: "topup" };
  if (status === 429) {
    const hint = failure.retryAfter ? format(m.errRetryIn, { seconds: failure.retryAfter }) : m.errRetrySoon;
    return { title: m.errRateLimited, hint, action: "retry" };
  }
  if (code === "unsupported_parameter" && param === "tools")
    return { title: m.errNoTools, hint: toolModels.length ? format(m.errToolModels, { models: toolModels.join(", ") }) : undefined, action: "retry" };
  if (code === "unsupported_parameter" && param) return { title: withStatus(format(m.errUnsupported, { param })), action: "retry" };
  if (status === 401) return { title: m.errSignIn, action: "retry" };
  if (status === 403) return { title: withStatus(m.errForbidden), action: "retry" };
  if (status && status >= 400 && status < 500) return { title: withStatus(m.errBadRequest), action: "retry" };
  if (status) return { title: withStatus(m.errUnavailable), action: "retry" };
  return { title: m.errNetwork, action: "retry" };
}

/** The conversation without the failed turn's empty answer bubble (one with neither text nor reasoning). */
export function withoutEmptyAnswer(messages: PlaygroundMessage[]): PlaygroundMessage[] {
  const last = messages.at(-1);
  const empty = last?.role === "assistant" && !last.parts.some((part) => (part.type === "text" || part.type === "reasoning") && part.text);
  return empty ? messages.slice(0, -1) : messages;
}
