/** HTTP status as a coloured badge; the code and error are written out, colour is never the only signal. */
export function StatusBadge({ status, errorCode, testId = "activity-status" }: { status: number; errorCode?: string | null; testId?: string }) {
  const tone =
    status < 300
      ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30"
      : status < 500
        ? "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30"
        : "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30";
  return (
    <span
      className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium tabular-nums ring-1 ring-inset ${tone}`}
      title={errorCode ?? undefined}
      data-testid={testId}
    >
      {status}
      {errorCode ? <span className="ml-1 hidden font-normal xl:inline">{errorCode}</span> : null}
    </span>
  );
}
