"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { fieldErrorsOf } from "../field-errors";
import { orgErrorText, orgMessages, type OrgStrings } from "../messages";

type EntityType = "ul" | "ip";
type Values = { entityType: EntityType; name: string; inn: string; kpp: string; ogrn: string; address: string; docsEmail: string; bik: string; bankAccount: string };
type TextField = Exclude<keyof Values, "entityType">;

const FIELDS: { field: TextField; label: keyof OrgStrings; only?: EntityType; wide?: boolean; inputMode?: "numeric" | "email" }[] = [
  { field: "name", label: "f_name", wide: true },
  { field: "inn", label: "f_inn", inputMode: "numeric" },
  { field: "kpp", label: "f_kpp", only: "ul", inputMode: "numeric" },
  { field: "ogrn", label: "f_ogrn", inputMode: "numeric" },
  { field: "address", label: "f_address", wide: true },
  { field: "docsEmail", label: "f_docsEmail", inputMode: "email" },
  { field: "bik", label: "f_bik", inputMode: "numeric" },
  { field: "bankAccount", label: "f_bankAccount", inputMode: "numeric" },
];

/**
 * The organization's requisites (ЮЛ or ИП) with the server's Russian message under each wrong field; saving also
 * records the acceptance of the offer version shown.
 */
export function RequisitesForm({
  saved,
  offerVersion,
  offerAccepted,
}: {
  saved: Partial<Record<keyof Values, string | null>> | null;
  offerVersion: number;
  /** The user already accepted this version for the organization. */
  offerAccepted: boolean;
}) {
  const m = useMessages(orgMessages);
  const trpc = useTRPC();
  const [values, setValues] = useState<Values>(() => ({
    entityType: saved?.entityType === "ip" ? "ip" : "ul",
    ...(Object.fromEntries(FIELDS.map(({ field }) => [field, saved?.[field] ?? ""])) as Record<TextField, string>),
  }));
  const [accepted, setAccepted] = useState(offerAccepted);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const save = useMutation(
    trpc.legal.saveRequisites.mutationOptions({
      onSuccess: () => {
        setErrors({});
        setNotice({ tone: "success", text: m.requisitesSaved });
      },
      onError: (err) => {
        const fields = fieldErrorsOf(err);
        setErrors(fields);
        setNotice({ tone: "error", text: Object.keys(fields).length ? m.requisitesInvalid : orgErrorText(m, err.message) });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!accepted) return setNotice({ tone: "error", text: m.err_offer });
    const requisites = { ...values, kpp: values.entityType === "ul" ? values.kpp : null };
    save.mutate({ requisites, offerVersion });
  };
  const set = (field: keyof Values, value: string) => setValues((v) => ({ ...v, [field]: value }));

  return (
    <Card>
      <form onSubmit={submit} className="flex flex-col gap-4" data-testid="requisites-form" noValidate>
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 font-medium">{m.entityType}</legend>
          {(["ul", "ip"] as const).map((type) => (
            <label key={type} className="flex items-center gap-2">
              <input type="radio" name="entityType" value={type} checked={values.entityType === type} onChange={() => set("entityType", type)} data-testid={`requisites-type-${type}`} />
              {m[`entity_${type}`]}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          {FIELDS.filter(({ only }) => !only || only === values.entityType).map(({ field, label, wide, inputMode }) => {
            const id = `requisites-${field}`;
            const error = errors[field];
            return (
              <div key={field} className={`flex flex-col gap-1 ${wide ? "sm:col-span-2" : ""}`}>
                <label htmlFor={id} className="text-sm font-medium">
                  {field === "ogrn" && values.entityType === "ip" ? m.f_ogrnip : m[label]}
                </label>
                <input
                  id={id}
                  className={`${inputClass} ${error ? "border-red-500 dark:border-red-600" : ""}`}
                  inputMode={inputMode}
                  value={values[field]}
                  onChange={(e) => set(field, e.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  data-testid={id}
                />
                {error ? (
                  <p id={`${id}-error`} className="text-xs text-red-700 dark:text-red-300" data-testid={`${id}-error`}>
                    {error}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} data-testid="requisites-offer" />
          <span>
            {m.acceptOffer}{" "}
            <a href="/offer" target="_blank" className="text-indigo-700 underline dark:text-indigo-300">
              {m.offerLink}
            </a>{" "}
            <span className="text-slate-500">{format(m.offerVersion, { version: offerVersion })}</span>
          </span>
        </label>
        {notice ? (
          <Alert tone={notice.tone} testId="requisites-notice">
            {notice.text}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={save.isPending} data-testid="requisites-save">
            {m.save}
          </Button>
        </div>
      </form>
    </Card>
  );
}
