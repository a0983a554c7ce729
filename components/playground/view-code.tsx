"use client";

import { useState } from "react";
import { playgroundMessages } from "@/components/playground/messages";
import { useMessages } from "@/components/i18n/client";
import { Button } from "@/components/ui/button";
import { buildSnippets, type SnippetLanguage, type SnippetRequest } from "./snippets";

const LANGUAGES: { id: SnippetLanguage; label: string }[] = [
  { id: "curl", label: "curl" },
  { id: "python", label: "Python" },
  { id: "javascript", label: "JavaScript" },
];

function CopyButton({ text, testId }: { text: string; testId: string }) {
  const m = useMessages(playgroundMessages);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={() => void copy()} data-testid={testId}>
      <span aria-live="polite">{copied ? m.copied : m.copy}</span>
    </Button>
  );
}

/**
 * The current request as curl / Python / JavaScript, with the user's own base URL and `$XROUTER_API_KEY`.
 * A page rendered on the server passes `baseURL` (the playground's panel renders in the browser only).
 */
export function ViewCode({ request, baseURL, title, lead }: { request: SnippetRequest; baseURL?: string; title?: string; lead?: string }) {
  const m = useMessages(playgroundMessages);
  const [language, setLanguage] = useState<SnippetLanguage>("curl");
  const snippets = buildSnippets(baseURL ?? `${window.location.origin}/api/v1`, request);
  return (
    <section
      aria-labelledby="playground-code-title"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="code-panel"
    >
      <h2 id="playground-code-title" className="text-base font-semibold">
        {title ?? m.codeTitle}
      </h2>
      <p className="mb-3 mt-1 text-sm text-slate-600 dark:text-slate-400">{lead ?? m.codeLead}</p>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div role="tablist" aria-label={m.codeTitle} className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
          {LANGUAGES.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`code-tab-${id}`}
              aria-selected={language === id}
              aria-controls={`code-panel-${id}`}
              onClick={() => setLanguage(id)}
              data-testid={`code-tab-${id}`}
              className={`rounded px-3 py-1 text-sm ${
                language === id ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {label}
            </button>
          ))}
        </div>
        <CopyButton text={snippets[language]} testId={`copy-${language}`} />
      </div>
      {LANGUAGES.map(({ id }) => (
        <pre
          key={id}
          id={`code-panel-${id}`}
          role="tabpanel"
          aria-labelledby={`code-tab-${id}`}
          tabIndex={0}
          hidden={language !== id}
          data-testid={`code-${id}`}
          className="max-h-96 overflow-auto rounded-md bg-slate-950 p-3 text-xs leading-relaxed text-slate-100"
        >
          <code>{snippets[id]}</code>
        </pre>
      ))}
    </section>
  );
}
