"use client";

import { useState } from "react";
import { playgroundMessages } from "@/components/playground/messages";
import { useMessages } from "@/components/i18n/client";
import type { Rating } from "@/server/services/feedback/types";

async function postRating(requestId: string, rating: Rating): Promise<void> {
  const response = await fetch("/api/playground/feedback", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ requestId, rating }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** A thumb icon (Lucide's "thumbs-up" outline; flipped for down), drawn inline so it needs no emoji font. */
function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={down ? "rotate-180" : undefined}
    >
      <path d="M7 10v12" />
      <path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z" />
    </svg>
  );
}

const base =
  "inline-flex size-7 items-center justify-center rounded-md border text-sm leading-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait";
const idle = "border-transparent text-slate-500 hover:bg-slate-200 hover:text-slate-900 dark:hover:bg-slate-700 dark:hover:text-slate-100";
const pressed = "border-indigo-300 bg-indigo-50 text-indigo-700 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-200";

/** Thumbs up/down on one finished answer; the rating is saved against the gateway's request id. */
export function Thumbs({ requestId }: { requestId: string }) {
  const m = useMessages(playgroundMessages);
  const [rating, setRating] = useState<Rating | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<"saved" | "failed" | null>(null);

  const rate = async (next: Rating) => {
    if (saving || next === rating) return;
    const previous = rating;
    setRating(next);
    setSaving(true);
    setStatus(null);
    try {
      await postRating(requestId, next);
      setStatus("saved");
    } catch {
      setRating(previous);
      setStatus("failed");
    } finally {
      setSaving(false);
    }
  };

  const button = (value: Rating, label: string, testId: string) => (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={rating === value}
      disabled={saving}
      onClick={() => void rate(value)}
      className={`${base} ${rating === value ? pressed : idle}`}
      data-testid={testId}
    >
      <ThumbIcon down={value === -1} />
    </button>
  );

  return (
    <div role="group" aria-label={m.rate} className="flex items-center gap-1" data-testid="message-feedback" aria-busy={saving}>
      {button(1, m.rateUp, "thumb-up")}
      {button(-1, m.rateDown, "thumb-down")}
      <span role="status" className={status === "failed" ? "text-red-700 dark:text-red-400" : "sr-only"}>
        {status === "saved" ? m.rateSaved : status === "failed" ? m.rateFailed : ""}
      </span>
    </div>
  );
}
