"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { KeyStatusBadge } from "@/components/keys/key-status-badge";
import { format, type Locale } from "@/server/core/locale";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Truncate } from "@/components/ui/truncate";
import { Rub } from "@/components/format/rub";
import { useDateTime } from "@/components/format/time-zone";
import { formatNumber } from "@/server/core/format/number";
import { plural } from "@/server/core/format/plural";
import { formatRub } from "@/server/core/format/rub";
import type { KeyView } from "@/server/services/keys/key-view";
import { errorText, formatTtl, periodLabel, statusLabel } from "./format";
import { KeyCachePanel } from "./key-cache-panel";
import type { KeysMessages } from "./messages";

export type Notice = { tone: "success" | "error"; text: string };

const small = "px-2.5 py-1.5 text-xs";

/**
 * The keys as a table at desktop width; below `md` every row becomes a card whose cells carry their
 * column name (data-label), so one markup serves both and e2e finds one `key-row` per key.
 */
export function KeyTable({ keys, m, locale, onNotice }: { keys: KeyView[]; m: KeysMessages; locale: Locale; onNotice: (notice: Notice) => void }) {
  return (
    <table className="block w-full text-sm md:table md:rounded-lg md:border md:border-slate-200 md:bg-white md:shadow-sm dark:md:border-slate-800 dark:md:bg-slate-900">
      <thead className="sr-only md:not-sr-only md:table-header-group">
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
          <th scope="col" className="px-4 py-3 font-medium">{m.colName}</th>
          <th scope="col" className="px-4 py-3 font-medium">{m.colStatus}</th>
          <th scope="col" className="px-4 py-3 font-medium">{m.colCreated}</th>
          <th scope="col" className="px-4 py-3 font-medium">{m.colLastUsed}</th>
          <th scope="col" className="px-4 py-3 text-right font-medium">{m.colSpend}</th>
          <th scope="col" className="px-4 py-3 font-medium">{m.colLimits}</th>
          <th scope="col" className="px-4 py-3 text-right font-medium">
            <span className="sr-only">{m.colActions}</span>
          </th>
        </tr>
      </thead>
      <tbody className="flex flex-col gap-3 md:table-row-group">
        {keys.map((key) => (
          <KeyRow key={key.id} item={key} m={m} locale={locale} onNotice={onNotice} />
        ))}
      </tbody>
    </table>
  );
}

function Cell({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  return (
    <td
      data-label={label}
      className={`flex items-start justify-between gap-4 py-1 before:shrink-0 before:text-xs before:font-medium before:text-slate-500 before:content-[attr(data-label)] md:table-cell md:px-4 md:py-3 md:align-top md:before:content-none dark:before:text-slate-400 ${className}`}
    >
      {children}
    </td>
  );
}

function KeyRow({ item, m, locale, onNotice }: { item: KeyView; m: KeysMessages; locale: Locale; onNotice: (notice: Notice) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const when = useDateTime();
  const [mode, setMode] = useState<"view" | "rename" | "confirm-revoke">("view");
  const [cacheOpen, setCacheOpen] = useState(false);
  const revoked = item.status === "revoked";
  const cache = item.cache;
  const refresh = () => queryClient.invalidateQueries(trpc.keys.list.queryFilter());
  const onError = (err: { message: string }) => onNotice({ tone: "error", text: errorText(err.message, m) });

  const rename = useMutation(
    trpc.keys.rename.mutationOptions({
      onSuccess: async () => {
        setMode("view");
        onNotice({ tone: "success", text: m.renamed });
        await refresh();
      },
      onError,
    }),
  );
  const setDisabled = useMutation(
    trpc.keys.setDisabled.mutationOptions({
      onSuccess: async (key) => {
        onNotice({ tone: "success", text: format(key.disabledAt ? m.disabled : m.enabled, { name: key.name }) });
        await refresh();
      },
      onError,
    }),
  );
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onSuccess: async (key) => {
        setMode("view");
        onNotice({ tone: "success", text: format(m.revoked, { name: key.name }) });
        await refresh();
      },
      onError,
    }),
  );

  const onRename = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
    if (!name || name.length > 100) return onNotice({ tone: "error", text: m.errorName });
    if (name === item.name) return setMode("view");
    rename.mutate({ id: item.id, name });
  };

  const busy = rename.isPending || setDisabled.isPending || revoke.isPending;
  const limits: string[] = [];
  if (item.limitMicro !== null && item.limitPeriod) {
    limits.push(format(m.limitLine, { spent: formatRub(item.spendPeriodMicro ?? 0, locale, { symbol: false }), limit: formatRub(item.limitMicro, locale), period: periodLabel(item.limitPeriod, m) }));
  }
  if (item.rpm !== null) limits.push(plural(locale, item.rpm, { one: m.rpmOne, few: m.rpmFew, many: m.rpmMany, other: m.rpmOther }));
  if (item.allowedModels?.length) limits.push(format(m.modelsLine, { models: item.allowedModels.join(", ") }));
  if (item.allowedIps?.length) limits.push(format(m.ipsLine, { ips: item.allowedIps.join(", ") }));
  if (item.expiresAt) limits.push(format(item.status === "expired" ? m.expiredLine : m.expiresLine, { date: when(item.expiresAt, { date: "medium", time: "none" }) }));
  if (cache.mode === "on" && !revoked) limits.push(format(cache.shared ? m.cacheLine : m.cacheLineOwn, { ttl: formatTtl(cache.ttlSeconds, locale) }));
  if (cache.mode === "on" && cache.semantic && !revoked) limits.push(format(m.semanticLine, { threshold: formatNumber(cache.semanticThreshold, locale, { maximumFractionDigits: 3 }) }));
  if (item.disabledReason === "spend_anomaly") limits.push(m.pausedLine);
  else if (item.pauseOnAnomaly && !revoked) limits.push(m.pausesLine);

  return (
    <>
      <tr
        data-testid="key-row"
        data-key-id={item.id}
        data-key-name={item.name}
        data-status={item.status}
        className={`block rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:table-row md:rounded-none md:border-0 md:border-b md:p-0 md:shadow-none md:last:border-b-0 dark:border-slate-800 dark:bg-slate-900 ${revoked ? "text-slate-500 dark:text-slate-400" : ""}`}
      >
        <td className="block pb-2 md:table-cell md:min-w-36 md:px-4 md:py-3 md:align-top">
          {mode === "rename" ? (
            <form onSubmit={onRename} className="flex flex-wrap items-center gap-2" data-testid="rename-form">
              <label htmlFor={`rename-${item.id}`} className="sr-only">
                {m.newName}
              </label>
              <input
                id={`rename-${item.id}`}
                name="name"
                defaultValue={item.name}
                maxLength={100}
                autoFocus
                onKeyDown={(e) => e.key === "Escape" && setMode("view")}
                className={`${inputClass} max-w-56 py-1`}
                data-testid="rename-input"
              />
              <Button type="submit" className={small} disabled={rename.isPending} data-testid="rename-save">
                {m.save}
              </Button>
              <Button type="button" variant="secondary" className={small} onClick={() => setMode("view")}>
                {m.cancel}
              </Button>
            </form>
          ) : (
            <div className="min-w-0">
              <Truncate text={item.name} className="max-w-full font-medium text-slate-900 md:max-w-[14rem] dark:text-slate-100" testId="key-name" />
              <div className="font-mono text-xs text-slate-500 dark:text-slate-400" data-testid="key-prefix">
                {item.prefix}
              </div>
            </div>
          )}
        </td>
        <Cell label={m.colStatus}>
          <KeyStatusBadge status={item.status} label={statusLabel(item.status, m)} />
        </Cell>
        <Cell label={m.colCreated} className="whitespace-nowrap">
          <span>{when(item.createdAt, { date: "medium", time: "none" })}</span>
        </Cell>
        <Cell label={m.colLastUsed} className="whitespace-nowrap">
          <span data-testid="key-last-used">{item.lastUsedAt ? when(item.lastUsedAt, { date: "medium" }) : m.never}</span>
        </Cell>
        <Cell label={m.colSpend} className="whitespace-nowrap md:text-right">
          <Rub micro={item.spendMonthMicro} locale={locale} className="font-mono tabular-nums" testId="key-spend" />
        </Cell>
        <Cell label={m.colLimits} className="md:min-w-40">
          {limits.length > 0 ? (
            <ul className="text-right text-xs md:text-left" data-testid="key-limits">
              {limits.map((line) => (
                <li key={line} className="break-words">
                  {line}
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-xs text-slate-500 dark:text-slate-400">{m.noLimits}</span>
          )}
        </Cell>
        <td className="block pt-3 md:table-cell md:px-4 md:py-3 md:text-right md:align-top">
          {mode === "confirm-revoke" ? (
            <div role="alertdialog" aria-label={m.revoke} className="flex flex-col gap-2 md:ml-auto md:max-w-64 md:items-end" data-testid="revoke-confirm">
              <p className="text-left text-xs text-red-700 md:text-right dark:text-red-300">{format(m.revokeConfirm, { name: item.name })}</p>
              <div className="flex gap-2">
                <Button type="button" variant="danger" className={small} disabled={revoke.isPending} onClick={() => revoke.mutate({ id: item.id })} data-testid="confirm-revoke" autoFocus>
                  {m.revokeYes}
                </Button>
                <Button type="button" variant="secondary" className={small} onClick={() => setMode("view")} data-testid="cancel-revoke">
                  {m.cancel}
                </Button>
              </div>
            </div>
          ) : (
            <div className="flex flex-wrap gap-2 md:justify-end">
              <Button type="button" variant="secondary" className={small} disabled={busy || mode === "rename"} onClick={() => setMode("rename")} data-testid="rename-key">
                {m.rename}
              </Button>
              {revoked ? null : (
                <>
                  <Button
                    type="button"
                    variant="secondary"
                    className={small}
                    disabled={busy}
                    onClick={() => setDisabled.mutate({ id: item.id, disabled: !item.disabledAt })}
                    data-testid={item.disabledAt ? "enable-key" : "disable-key"}
                  >
                    {item.disabledAt ? m.enable : m.disable}
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    className={small}
                    aria-expanded={cacheOpen}
                    aria-controls={`key-cache-${item.id}`}
                    onClick={() => setCacheOpen(!cacheOpen)}
                    title={m.cache}
                    data-testid="key-cache-open"
                  >
                    {m.cacheButton}
                  </Button>
                  <Button type="button" variant="danger" className={small} disabled={busy} onClick={() => setMode("confirm-revoke")} data-testid="revoke-key">
                    {m.revoke}
                  </Button>
                </>
              )}
            </div>
          )}
        </td>
      </tr>
      {cacheOpen && !revoked ? (
        <tr
          id={`key-cache-${item.id}`}
          data-testid="key-cache-row"
          className="-mt-3 block rounded-b-lg border border-t-0 border-slate-200 bg-slate-50 p-4 md:mt-0 md:table-row md:rounded-none md:border-0 md:border-b md:p-0 dark:border-slate-800 dark:bg-slate-950/40"
        >
          <td colSpan={7} className="block md:table-cell md:px-4 md:py-4">
            <KeyCachePanel keyId={item.id} settings={cache} m={m} locale={locale} onClose={() => setCacheOpen(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
