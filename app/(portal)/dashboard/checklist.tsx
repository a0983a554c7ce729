import Link from "next/link";
import { getLocale, getMessages } from "@/components/i18n/server";
import { format } from "@/server/core/locale";
import { formatRub } from "@/server/core/format/rub";
import { dashboardMessages } from "./messages";

const stepLink = "text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300";

/** The three steps to a first answer, each with its state; shown while the user has no key of their own. */
export async function Checklist({ state, balanceMicro }: { state: { key: boolean; credit: boolean; request: boolean }; balanceMicro: number | null }) {
  const [m, locale] = await Promise.all([getMessages(dashboardMessages), getLocale()]);
  const steps = [
    { id: "key", done: state.key, title: m.stepKey, hint: m.stepKeyHint, href: "/keys", link: m.goKeys },
    {
      id: "credit",
      done: state.credit,
      title: m.stepCredit,
      hint: state.credit && balanceMicro !== null ? format(m.stepCreditDone, { amount: formatRub(balanceMicro, locale) }) : m.stepCreditHint,
      href: "/billing",
      link: m.goBilling,
    },
    { id: "request", done: state.request, title: m.stepRequest, hint: m.stepRequestHint, href: "/playground", link: m.goPlayground },
  ];
  return (
    <section
      aria-labelledby="checklist-title"
      className="rounded-lg border border-indigo-200 bg-indigo-50/60 p-4 dark:border-indigo-900 dark:bg-indigo-950/40"
      data-testid="dashboard-checklist"
    >
      <h2 id="checklist-title" className="text-base font-semibold">
        {m.checklistTitle}
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.checklistLead}</p>
      <ol className="grid gap-3 md:grid-cols-3">
        {steps.map((step, i) => (
          <li
            key={step.id}
            className="flex gap-3 rounded-md border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
            data-testid={`checklist-${step.id}`}
            data-done={step.done}
          >
            <span
              aria-hidden="true"
              className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${
                step.done ? "bg-emerald-600 text-white" : "border border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300"
              }`}
            >
              {step.done ? "✓" : i + 1}
            </span>
            <div className="flex min-w-0 flex-col gap-1">
              <p className="text-sm font-medium">
                {step.title} <span className="sr-only">— {step.done ? m.stepDone : m.stepTodo}</span>
              </p>
              <p className="text-xs text-slate-600 dark:text-slate-400">{step.hint}</p>
              <p className={`text-xs font-medium ${step.done ? "text-emerald-700 dark:text-emerald-300" : "text-slate-500 dark:text-slate-400"}`} aria-hidden="true">
                {step.done ? m.stepDone : m.stepTodo}
              </p>
              {!step.done ? (
                <Link href={step.href} className={stepLink}>
                  {step.link}
                </Link>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
