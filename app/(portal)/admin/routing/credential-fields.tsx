"use client";

import { useMessages } from "@/components/i18n/client";
import { Field, inputClass } from "@/components/ui/field";
import { CREDENTIAL_FIELDS, GIGACHAT_SCOPES, type RoutingProvider } from "@/server/services/routing/credentials";
import { routingMessages } from "./messages";
import { selectClass } from "./shared";

/** The provider's settings fields; secret ones are password inputs that start empty (write-only). */
export function CredentialFields({ provider, idPrefix, onScope }: { provider: RoutingProvider; idPrefix: string; onScope?: (scope: string) => void }) {
  const m = useMessages(routingMessages);
  const scopeLabels: Record<string, string> = { GIGACHAT_API_PERS: m.scopePers, GIGACHAT_API_B2B: m.scopeB2b, GIGACHAT_API_CORP: m.scopeCorp };
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2" data-testid="credential-fields">
      <legend className="mb-1 text-sm font-semibold">{m.credentialsTitle}</legend>
      <p className="text-xs text-slate-500 sm:col-span-2 dark:text-slate-400">{m.credentialsHint}</p>
      {CREDENTIAL_FIELDS[provider].map((field) => {
        const id = `${idPrefix}-cred-${field.name}`;
        const label = m[`field_${field.name}` as keyof typeof m] ?? field.name;
        if (field.name === "scope")
          return (
            <div key={field.name} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-sm font-medium">
                {label}
              </label>
              <select id={id} name={`cred.${field.name}`} className={selectClass} defaultValue="GIGACHAT_API_PERS" onChange={(e) => onScope?.(e.target.value)} data-testid={`cred-${field.name}`}>
                {GIGACHAT_SCOPES.map((s) => (
                  <option key={s} value={s}>
                    {scopeLabels[s]}
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
