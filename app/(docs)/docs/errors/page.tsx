import type { Metadata } from "next";
import { CodeBlock } from "@/components/docs/code-block";
import { getLocale, getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { ERROR_CODES } from "@/server/core/error-codes";
import { messages } from "./messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(messages)).metaTitle };
}

const EXAMPLE = `HTTP/1.1 404 Not Found
content-type: application/json
x-request-id: req_…

{
  "error": {
    "message": "chat model 'gigachat/nope' does not exist; GET /api/v1/models lists them",
    "type": "invalid_request_error",
    "code": "model_not_found",
    "param": "model"
  }
}`;

const STREAM_EXAMPLE = `data: {"id":"chatcmpl-…","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"error"}],…}

data: {"error":{"message":"upstream provider 'yandex' error (5xx): …","type":"upstream_error","code":"upstream_error","param":null}}`;

const statusTone = (status: number) =>
  status >= 500
    ? "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200"
    : status === 429 || status === 402
      ? "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
      : "bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-slate-100";

export default async function ErrorsPage() {
  const [m, locale] = await Promise.all([getMessages(messages), getLocale()]);
  const text = m as Record<string, string>;
  const ordered = [...ERROR_CODES].sort((a, b) => a.status - b.status);

  return (
    <article className="flex flex-col gap-8">
      <PageTitle description={m.description}>{m.title}</PageTitle>

      <section aria-labelledby="shape" className="flex flex-col gap-3">
        <h2 id="shape" className="text-xl font-semibold">
          {m.shapeTitle}
        </h2>
        <CodeBlock title="HTTP" code={EXAMPLE} />
        <p className="text-slate-700 dark:text-slate-300">{m.shapeText}</p>
      </section>

      <section aria-labelledby="codes" className="flex flex-col gap-3">
        <h2 id="codes" className="text-xl font-semibold">
          {m.codesTitle}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.upstreamNote}</p>
        <ul className="flex flex-col gap-3" lang={locale}>
          {ordered.map((error) => (
            <li
              key={error.code}
              id={error.code}
              data-testid="error-code"
              data-code={error.code}
              className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span
                  className={`rounded px-2 py-0.5 font-mono text-sm font-semibold tabular-nums ${statusTone(error.status)}`}
                >
                  <span className="sr-only">{m.status} </span>
                  {error.status}
                </span>
                <h3 className="font-mono text-base font-semibold break-all">{error.code}</h3>
                <span className="font-mono text-xs text-slate-500 dark:text-slate-400">
                  <span className="sr-only">{m.type}: </span>
                  {error.type}
                </span>
              </div>
              <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
                <dt className="font-medium text-slate-500 dark:text-slate-400">{m.meaning}</dt>
                <dd className="text-slate-800 dark:text-slate-200">
                  {text[`meaning_${error.code}`] ?? error.description}
                </dd>
                <dt className="font-medium text-slate-500 dark:text-slate-400">{m.action}</dt>
                <dd className="text-slate-800 dark:text-slate-200">{text[`action_${error.code}`] ?? ""}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="stream" className="flex flex-col gap-3">
        <h2 id="stream" className="text-xl font-semibold">
          {m.streamTitle}
        </h2>
        <p className="text-slate-700 dark:text-slate-300">{m.streamText}</p>
        <CodeBlock title="text/event-stream" code={STREAM_EXAMPLE} />
      </section>

      <section aria-labelledby="retry" className="flex flex-col gap-3">
        <h2 id="retry" className="text-xl font-semibold">
          {m.retryTitle}
        </h2>
        <p className="text-slate-700 dark:text-slate-300">{m.retryText}</p>
      </section>
    </article>
  );
}
