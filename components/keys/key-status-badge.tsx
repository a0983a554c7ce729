import type { KeyStatus } from "@/server/services/keys/key-view";

const tones: Record<KeyStatus, string> = {
  active: "bg-emerald-100 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30",
  disabled: "bg-amber-100 text-amber-900 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30",
  expired: "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-400/30",
  revoked: "bg-red-100 text-red-800 ring-red-600/20 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30",
};

/** A key's status as a coloured pill; the label comes from the page's messages. */
export function KeyStatusBadge({ status, label }: { status: KeyStatus; label: string }) {
  return (
    <span data-testid="key-status" data-status={status} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}>
      {label}
    </span>
  );
}
