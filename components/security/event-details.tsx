import type { Locale } from "@/server/core/locale";
import { formatRub } from "@/server/core/format/rub";
import { auditDetailMessages } from "./audit-messages";

type Words = Record<keyof (typeof auditDetailMessages)["ru"], string>;

/** Fields whose values are our own words (never a user's text, which is shown as typed). */
const WORDED_FIELDS = new Set(["reason", "method"]);

function show(field: string, value: unknown, words: Words, locale: Locale): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (typeof value === "number" && field.endsWith("Micro")) return formatRub(value, locale, { precision: "request" });
  if (Array.isArray(value)) return value.map((item) => show(field, item, words, locale)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return (WORDED_FIELDS.has(field) ? (words as Record<string, string>)[String(value)] : undefined) ?? String(value);
}

/** An event's data as short "field: value" lines, with amounts in rubles and known words translated. */
export function EventDetails({ data, locale }: { data: Record<string, unknown> | null; locale: Locale }) {
  if (!data) return null;
  const words = auditDetailMessages[locale];
  const entries = Object.entries(data);
  if (entries.length === 0) return null;
  return (
    <ul className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400" data-testid="audit-details">
      {entries.map(([field, value]) => (
        <li key={field} className="break-words">
          <span className="text-slate-500">{(words as Record<string, string>)[field] ?? field}:</span> {show(field, value, words, locale)}
        </li>
      ))}
    </ul>
  );
}
