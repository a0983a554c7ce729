import type { Metadata } from "next";
import Link from "next/link";
import { CodeBlock } from "@/components/docs/code-block";
import { docsMessages } from "@/components/docs/messages";
import { RichText } from "@/components/docs/rich-text";
import { describe, refName, resolveRef, SchemaView, type SchemaLabels } from "@/components/docs/schema-view";
import type { Locale } from "@/server/core/locale";
import { getLocale, getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { openApiDocument } from "@/server/gateway/openapi/document";
import type { HttpMethod, OpenApiHeader, OpenApiOperation, OpenApiResponse } from "@/server/gateway/openapi/types";
import { messages } from "./messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(messages)).metaTitle };
}

const methodTone: Record<HttpMethod, string> = {
  get: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  post: "bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
};

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}`;

type M = Record<keyof (typeof messages)["en"], string>;

function Desc({ node, locale, className = "" }: { node: unknown; locale: Locale; className?: string }) {
  const text = describe(node, locale);
  return text ? (
    <p className={`text-sm text-slate-700 dark:text-slate-300 ${className}`}>
      <RichText text={text} />
    </p>
  ) : null;
}

function Operation({
  method,
  path,
  op,
  m,
  labels,
  locale,
}: {
  method: HttpMethod;
  path: string;
  op: OpenApiOperation;
  m: M;
  labels: SchemaLabels;
  locale: Locale;
}) {
  const doc = openApiDocument();
  const id = anchor(method, path);
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const body = op.requestBody?.content["application/json"];
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      data-testid={`operation-${id}`}
      className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={`${id}-title`} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        <span className={`rounded px-2 py-0.5 font-mono text-sm font-bold uppercase ${methodTone[method]}`}>
          {method.toUpperCase()}
        </span>{" "}
        <code className="font-mono break-all">{path}</code>
      </h2>
      <p className="mt-1 font-medium">{locale === "ru" ? op["x-summary-ru"] : op.summary}</p>
      <Desc node={op} locale={locale} className="mt-1" />
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{isPublic ? m.public : m.bearer}</p>

      {op.parameters?.length ? (
        <div className="mt-5">
          <h3 className="mb-2 text-sm font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
            {m.parameters}
          </h3>
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {op.parameters.map((p) => (
              <li key={p.name} className="py-2">
                <div className="flex flex-wrap items-baseline gap-2">
                  <code className="font-mono text-sm font-semibold">{p.name}</code>
                  <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">
                    {String(p.schema.type)}
                  </span>
                  <span className="text-xs text-slate-500">
                    {m.in}: {p.in}
                  </span>
                  {p.required ? (
                    <span className="rounded bg-rose-50 px-1.5 text-xs font-medium text-rose-700 dark:bg-rose-950 dark:text-rose-300">
                      {labels.required}
                    </span>
                  ) : null}
                </div>
                <Desc node={p} locale={locale} className="mt-0.5" />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {body ? (
        <div className="mt-5">
          <h3 className="mb-1 text-sm font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
            {m.requestBody}{" "}
            <span className="font-mono text-xs normal-case">application/json · {refName(body.schema)}</span>
          </h3>
          <SchemaView root={doc} schema={body.schema} locale={locale} labels={labels} />
          {body.example !== undefined ? (
            <div className="mt-3">
              <CodeBlock title={m.example} code={JSON.stringify(body.example, null, 2)} />
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="mt-5">
        <h3 className="mb-2 text-sm font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
          {m.responses}
        </h3>
        <ul className="flex flex-col gap-2">
          {Object.entries(op.responses).map(([status, raw]) => {
            const response = resolveRef<OpenApiResponse>(doc, raw);
            const ok = status.startsWith("2");
            const headerEntries = Object.entries(response.headers ?? {}).map(
              ([name, h]) => [name, resolveRef<OpenApiHeader>(doc, h)] as const,
            );
            return (
              <li
                key={status}
                data-status={status}
                className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
              >
                <div className="flex flex-wrap items-baseline gap-2">
                  <span
                    className={`rounded px-2 py-0.5 font-mono text-sm font-semibold ${
                      ok
                        ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
                        : "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200"
                    }`}
                  >
                    {status}
                  </span>
                  <span className="min-w-0 flex-1 text-sm text-slate-700 dark:text-slate-300">
                    <RichText text={describe(response, locale) ?? ""} />
                  </span>
                </div>
                {ok ? (
                  <>
                    {Object.entries(response.content ?? {}).map(([type, media]) => (
                      <details key={type} className="mt-2" open={type === "application/json"}>
                        <summary className="cursor-pointer text-sm font-medium">
                          {m.schema}: <span className="font-mono text-xs">{type}</span>
                          {refName(media.schema) ? (
                            <span className="font-mono text-xs"> · {refName(media.schema)}</span>
                          ) : null}
                        </summary>
                        <Desc node={resolveRef(doc, media.schema)} locale={locale} className="mt-1" />
                        <SchemaView root={doc} schema={media.schema} locale={locale} labels={labels} />
                      </details>
                    ))}
                    {headerEntries.length ? (
                      <details className="mt-2">
                        <summary className="cursor-pointer text-sm font-medium">{m.responseHeaders}</summary>
                        <ul className="mt-1 flex flex-col gap-1">
                          {headerEntries.map(([name, h]) => (
                            <li key={name} className="text-sm">
                              <code className="font-mono font-semibold">{name}</code>{" "}
                              <span className="text-slate-600 dark:text-slate-400">
                                — <RichText text={describe(h, locale) ?? ""} />
                              </span>
                            </li>
                          ))}
                        </ul>
                      </details>
                    ) : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
        <p className="mt-2 text-sm">
          <Link href="/docs/errors" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            {m.errorsLink}
          </Link>
        </p>
      </div>
    </section>
  );
}

export default async function ApiReferencePage() {
  const [m, nav, locale] = await Promise.all([getMessages(messages), getMessages(docsMessages), getLocale()]);
  const labels: SchemaLabels = { required: nav.required, oneOf: nav.oneOf };
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    (Object.entries(methods) as [HttpMethod, OpenApiOperation][]).map(([method, op]) => ({ path, method, op })),
  );

  return (
    <article className="flex flex-col gap-6">
      <PageTitle description={m.description}>{m.title}</PageTitle>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="text-sm font-semibold text-slate-500 dark:text-slate-400">{m.baseUrl}</h2>
          <code className="font-mono">{doc.servers[0]!.url}</code>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              {m.download}
            </a>
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="text-sm font-semibold text-slate-500 dark:text-slate-400">{m.auth}</h2>
          <p className="text-sm">{m.authText}</p>
        </div>
      </div>

      <nav aria-labelledby="endpoints-title">
        <h2 id="endpoints-title" className="mb-2 text-sm font-semibold text-slate-600 dark:text-slate-400">
          {m.endpoints}
        </h2>
        <ul className="flex flex-col gap-1 text-sm">
          {operations.map(({ path, method, op }) => (
            <li key={`${method} ${path}`}>
              <a
                href={`#${anchor(method, path)}`}
                className="inline-flex flex-wrap items-baseline gap-2 hover:underline"
              >
                <span className="w-11 font-mono text-xs font-bold text-slate-500 uppercase">{method}</span>
                <code className="font-mono">{path}</code>
                <span className="text-slate-600 dark:text-slate-400">
                  {locale === "ru" ? op["x-summary-ru"] : op.summary}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {operations.map(({ path, method, op }) => (
        <Operation
          key={`${method} ${path}`}
          method={method}
          path={path}
          op={op}
          m={m}
          labels={labels}
          locale={locale}
        />
      ))}

      <section
        id="headers"
        aria-labelledby="headers-title"
        className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="headers-title" className="mb-2 text-lg font-semibold">
          {m.headersTitle}
        </h2>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {Object.entries(doc.components.headers).map(([name, h]) => (
            <li key={name} className="py-2 text-sm">
              <code className="font-mono font-semibold">{name}</code>
              <Desc node={h} locale={locale} className="mt-0.5" />
            </li>
          ))}
        </ul>
      </section>

      <section
        id="error-object"
        aria-labelledby="error-title"
        className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="error-title" className="mb-1 text-lg font-semibold">
          {m.errorTitle}
        </h2>
        <Desc node={doc.components.schemas.Error} locale={locale} />
        <SchemaView root={doc} schema={{ $ref: "#/components/schemas/Error" }} locale={locale} labels={labels} />
      </section>
    </article>
  );
}
