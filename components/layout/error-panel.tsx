import type { ReactNode } from "react";

/** The body of the 404 and error pages: a status, a heading, a sentence and what to do next, in the portal's frame. */
export function ErrorPanel({ code, title, lead, children }: { code: string; title: string; lead: ReactNode; children: ReactNode }) {
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col items-start gap-4 px-4 py-16" data-testid="error-page">
      <p className="text-sm font-semibold tracking-wide text-indigo-600 dark:text-indigo-400">{code}</p>
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <div className="text-slate-600 dark:text-slate-400">{lead}</div>
      <div className="flex flex-wrap gap-2">{children}</div>
    </main>
  );
}

export const primaryLinkClass = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500";
export const secondaryLinkClass =
  "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";
