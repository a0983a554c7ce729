"use client";

import { useEffect, useRef, useState } from "react";
import { format } from "@/server/core/locale";
import { Button } from "@/components/ui/button";
import type { KeysMessages } from "./messages";

/** The full key, shown exactly once right after creation, with a copy button. */
export function NewKeyPanel({ m, name, value, onDone }: { m: KeysMessages; name: string; value: string; onDone: () => void }) {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };

  return (
    <section
      ref={panel}
      tabIndex={-1}
      role="region"
      aria-labelledby="new-key-title"
      data-testid="new-key-panel"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 shadow-sm outline-none dark:border-emerald-800 dark:bg-emerald-950/60"
    >
      <h2 id="new-key-title" className="text-base font-semibold">
        {format(m.newKeyTitle, { name })}
      </h2>
      <p className="mt-1 text-sm text-emerald-900 dark:text-emerald-100">{m.newKeyWarning}</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-stretch">
        <code
          data-testid="new-key-value"
          className="min-w-0 flex-1 break-all rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-sm select-all dark:border-emerald-800 dark:bg-slate-950"
        >
          {value}
        </code>
        <Button type="button" onClick={() => void onCopy()} data-testid="copy-key" className="shrink-0">
          {copy === "copied" ? m.copied : m.copy}
        </Button>
      </div>
      <p aria-live="polite" className="mt-2 min-h-5 text-sm" data-testid="copy-status">
        {copy === "copied" ? `✓ ${m.copied}` : copy === "failed" ? m.copyFailed : ""}
      </p>
      <Button type="button" variant="secondary" onClick={onDone} data-testid="new-key-done" className="mt-1">
        {m.done}
      </Button>
    </section>
  );
}
