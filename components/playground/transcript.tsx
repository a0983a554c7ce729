"use client";

import type { ChatStatus } from "ai";
import { useEffect, useRef } from "react";
import { playgroundMessages } from "@/components/playground/messages";
import { format } from "@/server/core/locale";
import { useLocale, useMessages } from "@/components/i18n/client";
import { Rub } from "@/components/format/rub";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/server/core/format/number";
import type { PlaygroundMessage } from "@/server/services/playground/types";
import { failureView, parseFailure } from "./errors";
import { Thumbs } from "./feedback";

function AssistantFooter({ message, streaming }: { message: PlaygroundMessage; streaming: boolean }) {
  const m = useMessages(playgroundMessages);
  const locale = useLocale();
  const meta = message.metadata;
  if (!meta || meta.costMicro === undefined) return streaming ? null : meta ? <span className="text-xs text-slate-500">{meta.model}</span> : null;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-slate-200 pt-2 text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
      <span>{meta.model}</span>
      <span data-testid="message-tokens">{format(m.tokens, { input: formatNumber(meta.inputTokens ?? 0, locale), output: formatNumber(meta.outputTokens ?? 0, locale) })}</span>
      <Rub micro={meta.costMicro} locale={locale} precision="request" testId="message-cost" className="font-medium text-slate-700 dark:text-slate-200" />
      {meta.latencyMs !== undefined ? <span>{format(m.latency, { ms: formatNumber(meta.latencyMs, locale) })}</span> : null}
      {meta.requestId && !streaming ? <Thumbs requestId={meta.requestId} /> : null}
    </div>
  );
}

/** A failed turn in the user's language, with what fixes it: a top-up link, or retry (after the wait a 429 asks for). */
function ErrorBar({ error, onRetry, toolModels }: { error: Error; onRetry: () => void; toolModels: string[] }) {
  const m = useMessages(playgroundMessages);
  const view = failureView(parseFailure(error), m, toolModels);
  return (
    <div
      role="alert"
      data-testid="playground-error"
      className="flex flex-wrap items-center justify-between gap-2 border-t border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <span className="min-w-0 break-words">
        <span className="font-medium">{view.title}</span>
        {view.hint ? <span className="mt-1 block text-xs">{view.hint}</span> : null}
      </span>
      {view.action === "topup" ? (
        <Link href="/billing" className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-500" data-testid="playground-topup">
          {m.topUpAction}
        </Link>
      ) : (
        <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={onRetry}>
          {m.retry}
        </Button>
      )}
    </div>
  );
}

/** One conversation: messages as they stream, each answer with its tokens and cost. */
export function Transcript({
  label,
  messages,
  status,
  error,
  onRetry,
  toolModels,
  testId,
}: {
  label: string;
  messages: PlaygroundMessage[];
  status: ChatStatus;
  error: Error | undefined;
  onRetry: () => void;
  /** Names of the models that take tools, offered when the chosen one does not. */
  toolModels: string[];
  testId: string;
}) {
  const m = useMessages(playgroundMessages);
  const scroller = useRef<HTMLDivElement>(null);
  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages, status]);

  return (
    <section
      aria-label={label}
      data-testid={testId}
      className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div
        ref={scroller}
        role="log"
        aria-live="polite"
        aria-busy={busy}
        className="flex max-h-[60vh] min-h-40 flex-col gap-3 overflow-y-auto p-4 lg:h-[min(60vh,32rem)] lg:max-h-none"
      >
        {messages.length === 0 ? <p className="m-auto text-center text-sm text-slate-500 dark:text-slate-400">{m.empty}</p> : null}
        {messages.map((message) => {
          const text = message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
          const reasoning = message.parts.map((part) => (part.type === "reasoning" ? part.text : "")).join("");
          if (message.role === "user")
            return (
              <div key={message.id} className="flex justify-end" data-testid="user-message">
                <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-indigo-600 px-3 py-2 text-sm whitespace-pre-wrap break-words text-white">
                  <span className="sr-only">{m.you}: </span>
                  {text}
                </div>
              </div>
            );
          const streaming = busy && message === last;
          return (
            <div key={message.id} className="flex justify-start" data-testid="assistant-message" data-streaming={streaming}>
              <div className="max-w-[92%] rounded-2xl rounded-bl-sm bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">
                <span className="sr-only">{m.assistant}: </span>
                {reasoning ? (
                  <details className="mb-2 text-xs text-slate-500 dark:text-slate-400">
                    <summary className="cursor-pointer">{m.reasoning}</summary>
                    <p className="mt-1 whitespace-pre-wrap">{reasoning}</p>
                  </details>
                ) : null}
                <div className="whitespace-pre-wrap break-words" data-testid="assistant-text">
                  {text || (streaming ? <span className="text-slate-500">{m.thinking}</span> : null)}
                </div>
                <AssistantFooter message={message} streaming={streaming} />
              </div>
            </div>
          );
        })}
        {status === "submitted" && last?.role === "user" ? (
          <p className="animate-pulse text-sm text-slate-500 dark:text-slate-400" data-testid="assistant-pending">
            {m.thinking}
          </p>
        ) : null}
      </div>
      {error ? <ErrorBar error={error} onRetry={onRetry} toolModels={toolModels} /> : null}
    </section>
  );
}
