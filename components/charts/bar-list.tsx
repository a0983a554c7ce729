import type { ReactNode } from "react";

export interface BarListItem {
  key: string;
  label: ReactNode;
  /** Secondary line, e.g. "12 requests · 3,400 / 900 tokens". */
  detail?: ReactNode;
  /** What the bar measures (its length relative to the largest item). */
  value: number;
  display: ReactNode;
}

/** A ranked list with proportional horizontal bars (HTML, so text never scales); the numbers are always written out. */
export function BarList({ items, label, barClass = "bg-indigo-500/80 dark:bg-indigo-400/70" }: { items: BarListItem[]; label: string; barClass?: string }) {
  const max = Math.max(0, ...items.map((item) => item.value));
  return (
    <ul aria-label={label} className="flex flex-col gap-3">
      {items.map((item) => (
        <li key={item.key} className="flex flex-col gap-1">
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="min-w-0 truncate font-medium">{item.label}</span>
            <span className="shrink-0 tabular-nums">{item.display}</span>
          </div>
          <div className="h-1.5 w-full overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden="true">
            <div className={`h-full rounded-full ${barClass}`} style={{ width: `${max > 0 ? Math.max(2, (item.value / max) * 100) : 0}%` }} />
          </div>
          {item.detail ? <div className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{item.detail}</div> : null}
        </li>
      ))}
    </ul>
  );
}
