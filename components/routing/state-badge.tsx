export type ServiceState = "up" | "degraded" | "down" | "unknown";

const tones: Record<ServiceState, { dot: string; text: string }> = {
  up: { dot: "bg-emerald-500", text: "text-emerald-800 bg-emerald-50 ring-emerald-200 dark:text-emerald-200 dark:bg-emerald-950 dark:ring-emerald-900" },
  degraded: { dot: "bg-amber-500", text: "text-amber-900 bg-amber-50 ring-amber-200 dark:text-amber-100 dark:bg-amber-950 dark:ring-amber-900" },
  down: { dot: "bg-red-500", text: "text-red-800 bg-red-50 ring-red-200 dark:text-red-200 dark:bg-red-950 dark:ring-red-900" },
  unknown: { dot: "bg-slate-400", text: "text-slate-700 bg-slate-50 ring-slate-200 dark:text-slate-300 dark:bg-slate-900 dark:ring-slate-700" },
};

/** A coloured dot and a word: up / degraded / down / unknown. */
export function StateBadge({ state, label, testId }: { state: ServiceState; label: string; testId?: string }) {
  const tone = tones[state];
  return (
    <span data-testid={testId} data-state={state} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.text}`}>
      <span aria-hidden="true" className={`size-2 rounded-full ${tone.dot}`} />
      {label}
    </span>
  );
}
