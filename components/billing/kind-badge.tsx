import type { ReactNode } from "react";

const tones: Record<string, string> = {
  topup: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  promo: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  refund: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  adjustment: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  charge: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
};

/** A small coloured label for a ledger kind (or a top-up status). */
export function KindBadge({ kind, children }: { kind: string; children: ReactNode }) {
  return (
    <span
      data-testid="kind-badge"
      data-kind={kind}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[kind] ?? tones.charge}`}
    >
      {children}
    </span>
  );
}
