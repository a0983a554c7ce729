"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { formatNumber } from "@/server/core/format/number";
import { cacheAdminMessages } from "./messages";

type Notice = { tone: "success" | "error"; text: string };

/** The hit share (what a cached answer costs) and the purge of every user's cache. */
export function CacheAdmin() {
  const m = useMessages(cacheAdminMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.admin.cacheSettings.queryOptions());
  const [notice, setNotice] = useState<Notice>();
  const [purgeNotice, setPurgeNotice] = useState<Notice>();
  const [confirming, setConfirming] = useState(false);
  const percentText = (value: number) => formatNumber(value, locale, { maximumFractionDigits: 2 });

  const save = useMutation(
    trpc.admin.setCacheHitShare.mutationOptions({
      onSuccess: async (saved) => {
        setNotice({ tone: "success", text: format(m.saved, { percent: percentText(saved.hitSharePercent) }) });
        await queryClient.invalidateQueries(trpc.admin.cacheSettings.queryFilter());
      },
      onError: () => setNotice({ tone: "error", text: m.error }),
    }),
  );
  const purge = useMutation(
    trpc.admin.purgeCache.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        setPurgeNotice({ tone: "success", text: m.purged });
      },
      onError: () => setPurgeNotice({ tone: "error", text: m.purgeError }),
    }),
  );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget).get("percent") ?? "").trim().replace(",", ".");
    const percent = Number(text);
    if (!text || !Number.isFinite(percent) || percent < 0 || percent > 100) return setNotice({ tone: "error", text: m.invalid });
    setNotice(undefined);
    save.mutate({ percent });
  };

  if (!data) return null;
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <form key={data.hitSharePercent} onSubmit={submit} className="flex max-w-xl flex-col gap-4" data-testid="cache-hit-share-form" noValidate>
          <Field
            label={m.hitShare}
            id="cache-hit-share"
            name="percent"
            inputMode="decimal"
            defaultValue={percentText(data.hitSharePercent)}
            hint={m.hitShareHint}
            autoComplete="off"
            className={`${inputClass} max-w-32`}
            data-testid="cache-hit-share"
          />
          {notice ? (
            <Alert tone={notice.tone} testId="cache-hit-share-notice">
              {notice.text}
            </Alert>
          ) : null}
          <div>
            <Button type="submit" disabled={save.isPending} data-testid="cache-hit-share-save">
              {save.isPending ? m.saving : m.save}
            </Button>
          </div>
        </form>
      </Card>
      <Card title={m.purgeTitle}>
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.purgeLead}</p>
          {purgeNotice ? (
            <Alert tone={purgeNotice.tone} testId="cache-purge-notice">
              {purgeNotice.text}
            </Alert>
          ) : null}
          {confirming ? (
            <div role="alertdialog" aria-label={m.purge} className="flex flex-col gap-2" data-testid="cache-purge-confirm">
              <p className="text-sm text-red-700 dark:text-red-300">{m.purgeConfirm}</p>
              <div className="flex flex-wrap gap-2">
                <Button type="button" variant="danger" disabled={purge.isPending} onClick={() => purge.mutate()} data-testid="cache-purge-yes" autoFocus>
                  {m.purgeYes}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
                  {m.cancel}
                </Button>
              </div>
            </div>
          ) : (
            <div>
              <Button
                type="button"
                variant="danger"
                onClick={() => {
                  setPurgeNotice(undefined);
                  setConfirming(true);
                }}
                data-testid="cache-purge"
              >
                {m.purge}
              </Button>
            </div>
          )}
        </div>
      </Card>
    </div>
  );
}
