"use client";

import { useLocale, useMessages } from "@/components/i18n/client";
import { Field, inputClass } from "@/components/ui/field";
import type { CredentialField } from "@/server/providers/descriptor";
import { routingMessages } from "./messages";
import { selectClass } from "./shared";

/** What the form starts with: each choice's first option. */
export const preselected = (fields: readonly CredentialField[]): Record<string, string> =>
  Object.fromEntries(fields.flatMap((f) => (f.options?.[0] ? [[f.name, f.options[0].value]] : [])));

/** The provider's settings fields (its descriptor's); secret ones are password inputs that start empty (write-only). */
export function CredentialFields({ fields, idPrefix, onChoice }: { fields: readonly CredentialField[]; idPrefix: string; onChoice?: (name: string, value: string) => void }) {
  const m = useMessages(routingMessages);
  const locale = useLocale();
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2" data-testid="credential-fields">
      <legend className="mb-1 text-sm font-semibold">{m.credentialsTitle}</legend>
      <p className="text-xs text-slate-500 sm:col-span-2 dark:text-slate-400">{m.credentialsHint}</p>
      {fields.map((field) => {
        const id = `${idPrefix}-cred-${field.name}`;
        const label = field.label[locale];
        if (field.options)
          return (
            <div key={field.name} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-sm font-medium">
                {label}
              </label>
              <select id={id} name={`cred.${field.name}`} className={selectClass} defaultValue={field.options[0]?.value} onChange={(e) => onChoice?.(field.name, e.target.value)} data-testid={`cred-${field.name}`}>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label[locale]}
                  </option>
                ))}
              </select>
            </div>
          );
        if (field.multiline)
          return (
            <div key={field.name} className="flex flex-col gap-1 sm:col-span-2">
              <label htmlFor={id} className="text-sm font-medium">
                {label}
              </label>
              <textarea id={id} name={`cred.${field.name}`} rows={4} className={`${inputClass} font-mono text-xs`} placeholder={field.placeholder} spellCheck={false} data-testid={`cred-${field.name}`} />
            </div>
          );
        return (
          <Field
            key={field.name}
            id={id}
            name={`cred.${field.name}`}
            label={label}
            type={field.secret ? "password" : "text"}
            autoComplete={field.secret ? "new-password" : "off"}
            required={field.required}
            placeholder={field.placeholder}
            data-testid={`cred-${field.name}`}
          />
        );
      })}
    </fieldset>
  );
}

/** The `cred.*` entries of a form. */
export function credentialsFrom(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (key.startsWith("cred.") && typeof value === "string" && value.trim()) out[key.slice(5)] = value;
  return out;
}
