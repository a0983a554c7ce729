import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/docs/code-block";
import { docsMessages } from "@/components/docs/messages";
import { getMessages } from "@/components/i18n/server";
import { requestOrigin } from "@/components/layout/request-origin";
import { PageTitle } from "@/components/ui/card";
import { messages } from "./messages";
import { snippets } from "./snippets";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(messages)).metaTitle };
}

function Section({ id, title, text, children }: { id: string; title: string; text?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6">
      <h2 id={`${id}-title`} className="mb-2 text-xl font-semibold">
        {title}
      </h2>
      {text ? <p className="mb-3 text-slate-700 dark:text-slate-300">{text}</p> : null}
      <div className="flex flex-col gap-3">{children}</div>
    </section>
  );
}

export default async function QuickstartPage() {
  const [m, nav, origin] = await Promise.all([getMessages(messages), getMessages(docsMessages), requestOrigin()]);
  const baseUrl = `${origin}/api/v1`;
  const code = snippets(baseUrl, "gigachat/GigaChat-2-Max", "gigachat/Embeddings");
  const toc = [
    ["key", m.keyTitle],
    ["curl", m.curlTitle],
    ["python", m.pythonTitle],
    ["javascript", m.jsTitle],
    ["ai-sdk", m.aiSdkTitle],
    ["langchain", m.langchainTitle],
    ["streaming", m.streamingTitle],
    ["tools", m.toolsTitle],
    ["embeddings", m.embeddingsTitle],
    ["more", m.moreTitle],
  ] as const;

  return (
    <article className="flex flex-col gap-10">
      <div>
        <PageTitle description={m.description}>{m.title}</PageTitle>
        <div className="flex flex-col gap-1 rounded-lg border border-indigo-200 bg-indigo-50 p-4 dark:border-indigo-900 dark:bg-indigo-950">
          <span className="text-sm font-medium text-indigo-900 dark:text-indigo-200">{m.baseUrl}</span>
          <code className="font-mono text-base break-all text-indigo-950 dark:text-indigo-50" data-testid="base-url">
            {baseUrl}
          </code>
        </div>
        <nav aria-label={m.onThisPage} className="mt-5">
          <h2 className="mb-2 text-sm font-semibold text-slate-600 dark:text-slate-400">{m.onThisPage}</h2>
          <ul className="flex flex-wrap gap-2 text-sm">
            {toc.map(([id, title]) => (
              <li key={id}>
                <a
                  href={`#${id}`}
                  className="block rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                >
                  {title.replace(/^\d+\.\s*/, "")}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>

      <Section
        id="key"
        title={m.keyTitle}
        text={
          <>
            {m.keyText}{" "}
            <Link href="/signup" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              {m.signup}
            </Link>{" "}
            ·{" "}
            <Link href="/keys" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              {m.keys}
            </Link>
          </>
        }
      >
        <CodeBlock title="shell" code={code.env} />
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.keyCli}</p>
        <CodeBlock title="shell" code={code.cli} />
      </Section>

      <Section id="curl" title={m.curlTitle} text={m.curlText}>
        <CodeBlock title="curl" code={code.curl} testId="snippet-curl" />
      </Section>

      <Section id="python" title={m.pythonTitle} text={m.sdkText}>
        <CodeBlock title="Python" code={code.python} testId="snippet-python" />
      </Section>

      <Section id="javascript" title={m.jsTitle}>
        <CodeBlock title="JavaScript / TypeScript" code={code.javascript} testId="snippet-javascript" />
      </Section>

      <Section id="ai-sdk" title={m.aiSdkTitle} text={m.aiSdkText}>
        <CodeBlock title="TypeScript — AI SDK" code={code.aiSdk} testId="snippet-ai-sdk" />
      </Section>

      <Section id="langchain" title={m.langchainTitle} text={m.langchainText}>
        <CodeBlock title="TypeScript — LangChain" code={code.langchainJs} testId="snippet-langchain" />
        <CodeBlock title="Python — LangChain" code={code.langchainPython} testId="snippet-langchain-python" />
      </Section>

      <Section id="streaming" title={m.streamingTitle} text={m.streamingText}>
        <CodeBlock title="curl" code={code.streamCurl} testId="snippet-stream-curl" />
        <CodeBlock title="Python" code={code.streamPython} />
      </Section>

      <Section id="tools" title={m.toolsTitle} text={m.toolsText}>
        <CodeBlock title="Python" code={code.tools} testId="snippet-tools" />
      </Section>

      <Section id="embeddings" title={m.embeddingsTitle} text={m.embeddingsText}>
        <CodeBlock title="Python" code={code.embeddingsPython} />
        <CodeBlock title="curl" code={code.embeddingsCurl} testId="snippet-embeddings" />
      </Section>

      <Section id="more" title={m.moreTitle} text={m.moreHeaders}>
        <p className="text-slate-700 dark:text-slate-300">{m.moreGeneration}</p>
        <CodeBlock title="curl" code={code.generation} />
        <p className="text-slate-700 dark:text-slate-300">{m.moreModels}</p>
        <CodeBlock title="curl" code={code.models} />
        <p className="text-slate-700 dark:text-slate-300">
          {m.moreLinks}{" "}
          <Link href="/docs/api" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            {nav.apiReference}
          </Link>{" "}
          ·{" "}
          <Link href="/docs/errors" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            {nav.errors}
          </Link>{" "}
          ·{" "}
          <Link href="/models" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            {nav.models}
          </Link>
        </p>
      </Section>
    </article>
  );
}
