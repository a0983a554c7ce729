import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/docs/code-block";
import { getLocale, getMessages } from "@/components/i18n/server";
import { requestOrigin } from "@/components/layout/request-origin";
import { getSessionUser } from "@/server/auth/session";
import { format } from "@/server/core/locale";
import { formatRub } from "@/server/core/format/rub";
import { rubPer1MToMicro } from "@/server/money";
import { catalogProviders, listCatalog, type CatalogEntry } from "@/server/services/catalog/list-catalog";
import { landingMessages } from "./landing-messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("landing");

export const dynamic = "force-dynamic";

/** Chat models shown per provider; the rest are in the catalog. */
const MODELS_SHOWN = 4;

const primary = "rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
const secondary =
  "rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";
const card = "rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900";

function pythonSample(baseURL: string, model: string): string {
  return [
    "from openai import OpenAI",
    "",
    `client = OpenAI(base_url="${baseURL}", api_key="xr-…")`,
    "",
    "reply = client.chat.completions.create(",
    `    model="${model}",`,
    `    messages=[{"role": "user", "content": "Привет! Кто ты?"}],`,
    ")",
    "print(reply.choices[0].message.content)",
  ].join("\n");
}

function Section({ id, title, lead, children }: { id: string; title: string; lead?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-4" data-testid={`landing-${id}`}>
      <div>
        <h2 id={`${id}-title`} className="text-2xl font-bold tracking-tight">
          {title}
        </h2>
        {lead ? <p className="mt-1 text-slate-600 dark:text-slate-400">{lead}</p> : null}
      </div>
      {children}
    </section>
  );
}

export default async function LandingPage() {
  const locale = await getLocale();
  const [m, user, models, origin] = await Promise.all([getMessages(landingMessages), getSessionUser(), listCatalog(locale), requestOrigin()]);
  const baseURL = `${origin}/api/v1`;
  const rub = (rubPer1M: number) => formatRub(rubPer1MToMicro(rubPer1M), locale, { precision: "request", symbol: false });
  const chat = models.filter((model) => model.kind === "chat");
  const byProvider = (id: string): CatalogEntry[] => chat.filter((model) => model.provider === id);
  const sampleModel = chat[0]?.id ?? "gigachat/GigaChat-2";

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-16 px-4 py-12 sm:px-6 sm:py-16">
      <section className="flex max-w-3xl flex-col gap-5">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl" data-testid="headline">
          {m.headline}
        </h1>
        <p className="text-lg text-slate-600 dark:text-slate-300">{m.lead}</p>
        <div className="flex flex-wrap gap-3">
          {user ? (
            <Link href="/dashboard" className={primary} data-testid="landing-cta">
              {m.openPortal}
            </Link>
          ) : (
            <Link href="/signup" className={primary} data-testid="landing-cta">
              {m.signUp}
            </Link>
          )}
          <Link href="/docs" className={secondary}>
            {m.quickstart}
          </Link>
          <Link href="/models" className={secondary}>
            {m.catalog}
          </Link>
        </div>
      </section>

      <Section id="what" title={m.whatTitle}>
        <div className="grid gap-4 md:grid-cols-3">
          {[
            [m.whatApi, m.whatApiText],
            [m.whatRouting, m.whatRoutingText],
            [m.whatBilling, m.whatBillingText],
          ].map(([title, text]) => (
            <div key={title} className={card}>
              <h3 className="mb-2 font-semibold">{title}</h3>
              <p className="text-sm text-slate-600 dark:text-slate-400">{text}</p>
            </div>
          ))}
        </div>
      </Section>

      <Section id="providers" title={m.providersTitle} lead={m.providersLead}>
        <ul className="grid gap-4 md:grid-cols-2">
          {catalogProviders(locale).map(({ id, name }) => {
            const list = byProvider(id);
            return (
              <li key={id} className={`${card} flex min-w-0 flex-col gap-3`} data-testid="landing-provider" data-provider={id}>
                <h3 className="text-lg font-semibold">{name}</h3>
                {list.length === 0 ? (
                  <p className="text-sm text-slate-500 dark:text-slate-400">{m.noModels}</p>
                ) : (
                  <table className="w-full table-fixed text-sm">
                    <caption className="sr-only">{`${name}: ${m.perMillion}`}</caption>
                    <thead className="text-xs text-slate-500 dark:text-slate-400">
                      <tr>
                        <th scope="col" className="py-1 text-left font-medium">
                          <span className="sr-only">{m.catalog}</span>
                        </th>
                        <th scope="col" className="w-24 py-1 pl-2 text-right font-medium whitespace-nowrap">{m.input}</th>
                        <th scope="col" className="w-24 py-1 pl-2 text-right font-medium whitespace-nowrap">{m.output}</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                      {list.slice(0, MODELS_SHOWN).map((model) => (
                        <tr key={model.id} data-testid="landing-model">
                          <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                            <span className="block truncate" title={model.id}>
                              {model.name}
                            </span>
                            <code className="block truncate text-xs text-slate-500 dark:text-slate-400">{model.id}</code>
                          </th>
                          <td className="py-1.5 pl-2 text-right tabular-nums whitespace-nowrap">
                            {rub(model.pricing.input)}
                            {model.pricing.status === "estimate" ? <span className="sr-only"> ({m.estimate})</span> : null}
                          </td>
                          <td className="py-1.5 pl-2 text-right tabular-nums whitespace-nowrap">{rub(model.pricing.output)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {list.length > MODELS_SHOWN ? (
                  <Link href="/models" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                    {format(m.moreModels, { count: list.length - MODELS_SHOWN })}
                  </Link>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>

      <div className="grid gap-10 lg:grid-cols-2">
        <Section id="routing" title={m.routingTitle}>
          <ol className="flex flex-col gap-3">
            {[m.routingStep1, m.routingStep2, m.routingStep3, m.routingStep4].map((step, i) => (
              <li key={step} className="flex gap-3">
                <span aria-hidden="true" className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-sm font-semibold text-white">
                  {i + 1}
                </span>
                <p className="text-slate-700 dark:text-slate-300">{step}</p>
              </li>
            ))}
          </ol>
        </Section>
        <Section id="code" title={m.codeTitle} lead={m.codeLead}>
          <CodeBlock title="Python — openai" code={pythonSample(baseURL, sampleModel)} testId="landing-sample" />
        </Section>
      </div>

      <section className={`${card} flex flex-wrap items-center justify-between gap-4`} aria-labelledby="status-title">
        <div>
          <h2 id="status-title" className="text-lg font-semibold">
            {m.statusTitle}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.statusText}</p>
        </div>
        <Link href="/status" className={secondary} data-testid="landing-status">
          {m.statusLink}
        </Link>
      </section>
    </main>
  );
}
