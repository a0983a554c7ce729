"use client";

import { useEffect, useRef, useState } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { docsMessages } from "./messages";

/** Copies text, falling back to a hidden textarea where the Clipboard API is unavailable (plain-http hosts). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

/** A titled code block with a copy button. */
export function CodeBlock({ code, title, testId }: { code: string; title: string; testId?: string }) {
  const m = useMessages(docsMessages);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    setState((await copyText(code)) ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  };

  return (
    <figure
      className="min-w-0 overflow-hidden rounded-lg border border-slate-200 bg-slate-900 dark:border-slate-700"
      data-testid={testId}
    >
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-700 bg-slate-800 px-3 py-1.5 text-xs text-slate-300">
        <span className="font-medium">{title}</span>
        <button
          type="button"
          onClick={() => void copy()}
          aria-label={format(m.copyLabel, { title })}
          data-testid="copy-code"
          className="rounded px-2 py-1 text-slate-200 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-400"
        >
          {state === "copied" ? m.copied : state === "failed" ? m.copyFailed : m.copy}
        </button>
        <span className="sr-only" role="status" aria-live="polite">
          {state === "copied" ? m.copied : state === "failed" ? m.copyFailed : ""}
        </span>
      </figcaption>
      {/* Focusable, so a keyboard can scroll a long line into view. */}
      <pre
        tabIndex={0}
        className="overflow-x-auto p-4 text-[13px] leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-indigo-400"
      >
        <code>{code}</code>
      </pre>
    </figure>
  );
}
