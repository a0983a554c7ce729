"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { fieldErrorsOf } from "../../org/field-errors";
import { legalAdminMessages } from "./messages";

const FIELDS = ["name", "inn", "kpp", "ogrn", "address", "bankName", "bik", "account", "corrAccount"] as const;
type Field = (typeof FIELDS)[number];
type VatStatus = "vat" | "no_vat";

/** The operator's requisites printed on every invoice and УПД, with the server's Russian message per wrong field. */
export function SellerForm() {
  const m = useMessages(legalAdminMessages);
  const trpc = useTRPC();
  const saved = useQuery(trpc.legalAdmin.sellerRequisites.queryOptions());
  return <Card title={m.sellerTitle}>{saved.isSuccess ? <SellerFields saved={saved.data} /> : null}</Card>;
}

type Saved = ({ [K in Field]: string | null } & { vatStatus: VatStatus }) | null;

function SellerFields({ saved }: { saved: Saved }) {
  const m = useMessages(legalAdminMessages);
  const trpc = useTRPC();
  const [values, setValues] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, saved?.[f] ?? ""])) as Record<Field, string>);
  const [vatStatus, setVatStatus] = useState<VatStatus>(saved?.vatStatus ?? "vat");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const save = useMutation(
    trpc.legalAdmin.saveSellerRequisites.mutationOptions({
      onSuccess: () => {
        setErrors({});
        setNotice({ tone: "success", text: m.saved });
      },
      onError: (err) => {
        const fields = fieldErrorsOf(err);
        setErrors(fields);
        setNotice({ tone: "error", text: Object.keys(fields).length ? m.invalid : format(m.failed, { code: err.message }) });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...values, kpp: values.kpp.trim() || null, vatStatus });
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" data-testid="seller-form" noValidate>
        {FIELDS.map((field) => {
          const id = `seller-${field}`;
          const wide = field === "name" || field === "address" || field === "bankName";
          return (
            <div key={field} className={`flex flex-col gap-1 ${wide ? "sm:col-span-2" : ""}`}>
              <label htmlFor={id} className="text-sm font-medium">
                {m[`s_${field}`]}
              </label>
              <input
                id={id}
                className={`${inputClass} ${errors[field] ? "border-red-500" : ""}`}
                value={values[field]}
                onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
                aria-invalid={errors[field] ? true : undefined}
                data-testid={id}
              />
              {errors[field] ? (
                <p className="text-xs text-red-700 dark:text-red-300" data-testid={`${id}-error`}>
                  {errors[field]}
                </p>
              ) : null}
            </div>
          );
        })}
        <div className="flex flex-col gap-1">
          <label htmlFor="seller-vat" className="text-sm font-medium">
            {m.vatStatus}
          </label>
          <select id="seller-vat" className={inputClass} value={vatStatus} onChange={(e) => setVatStatus(e.target.value as VatStatus)} data-testid="seller-vat">
            <option value="vat">{m.vat_vat}</option>
            <option value="no_vat">{m.vat_no_vat}</option>
          </select>
        </div>
        {notice ? (
          <div className="sm:col-span-2">
            <Alert tone={notice.tone} testId="seller-notice">
              {notice.text}
            </Alert>
          </div>
        ) : null}
        <div className="sm:col-span-2">
          <Button type="submit" disabled={save.isPending} data-testid="seller-save">
            {m.save}
          </Button>
        </div>
    </form>
  );
}
