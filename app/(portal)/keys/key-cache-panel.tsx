"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { Locale } from "@/server/core/locale";
import type { KeyCacheSettings } from "@/server/core/principal";
import { MAX_SEMANTIC_THRESHOLD, MIN_SEMANTIC_THRESHOLD } from "@/server/gateway/cache/semantic-threshold";
import { errorText, formatTtl, TTL_UNIT_SECONDS, ttlParts, type TtlUnit } from "./format";
import type { KeysMessages } from "./messages";

const TTL_PRESETS = [60, 600, 3_600, 86_400, 604_800];
const MAX_TTL_SECONDS = 604_800;
const small = "px-2.5 py-1.5 text-xs";

/** A key's response-cache settings and its purge button (docs/api/cache.md), under the key's row; `settings` are the saved ones. */
export function KeyCachePanel({
  keyId,
  settings,
  m,
  locale,
  onClose,
}: {
  keyId: string;
  settings: KeyCacheSettings;
  m: KeysMessages;
  locale: Locale;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const [on, setOn] = useState(settings.mode === "on");
  const [shared, setShared] = useState(settings.shared);
  const [preset, setPreset] = useState(
    TTL_PRESETS.includes(settings.ttlSeconds) ? String(settings.ttlSeconds) : "custom",
  );
  const initial = ttlParts(settings.ttlSeconds);
  const [customValue, setCustomValue] = useState(String(initial.value));
  const [customUnit, setCustomUnit] = useState<TtlUnit>(initial.unit);
  const [semantic, setSemantic] = useState(settings.semantic);
  const [threshold, setThreshold] = useState(String(settings.semanticThreshold));
  const [semanticModel, setSemanticModel] = useState(settings.semanticModel ?? "");
  const modelOptions = useQuery(trpc.keys.modelOptions.queryOptions(undefined, { staleTime: 60_000 }));
  const embedders = (modelOptions.data ?? []).filter((model) => model.kind === "embedding");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const onError = (err: { message: string }) => setNotice({ tone: "error", text: errorText(err.message, m) });

  const save = useMutation(
    trpc.keys.setCache.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.keys.list.queryFilter());
        setNotice({ tone: "success", text: m.cacheSaved });
      },
      onError,
    }),
  );
  const purge = useMutation(
    trpc.keys.purgeCache.mutationOptions({
      onSuccess: (result) =>
        setNotice({ tone: "success", text: result.scope === "key" ? m.cachePurgedKey : m.cachePurgedUser }),
      onError,
    }),
  );

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setNotice(undefined);
    const ttlSeconds =
      preset === "custom"
        ? Number(customValue.trim().replace(",", ".")) * TTL_UNIT_SECONDS[customUnit]
        : Number(preset);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)
      return setNotice({ tone: "error", text: m.errorTtl });
    const semanticThreshold = Number(threshold.trim().replace(",", "."));
    if (!(semanticThreshold >= MIN_SEMANTIC_THRESHOLD && semanticThreshold <= MAX_SEMANTIC_THRESHOLD))
      return setNotice({ tone: "error", text: m.errorThreshold });
    save.mutate({ id: keyId, mode: on ? "on" : "off", ttlSeconds, shared, semantic, semanticThreshold, semanticModel: semanticModel || null });
  };

  const busy = save.isPending || purge.isPending;

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-4"
      aria-labelledby={`${ids}-title`}
      data-testid="key-cache-panel"
      noValidate
    >
      <div className="flex flex-col gap-1">
        <h3 id={`${ids}-title`} className="text-sm font-semibold">
          {m.cache}
        </h3>
        <p className="text-xs text-slate-500 dark:text-slate-400">{m.cacheLead}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-[auto_1fr] md:items-start md:gap-x-8">
        <Checkbox id={`${ids}-on`} label={m.cacheOn} checked={on} onChange={setOn} testId="key-cache-on" />
        <div className="flex flex-col gap-1">
          <div className="flex flex-wrap items-end gap-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${ids}-ttl`} className="text-sm font-medium">
                {m.cacheTtl}
              </label>
              <select
                id={`${ids}-ttl`}
                value={preset}
                onChange={(e) => setPreset(e.target.value)}
                className={`${inputClass} w-auto`}
                data-testid="key-cache-ttl"
              >
                {TTL_PRESETS.map((seconds) => (
                  <option key={seconds} value={String(seconds)}>
                    {formatTtl(seconds, locale)}
                  </option>
                ))}
                <option value="custom">{m.cacheTtlCustom}</option>
              </select>
            </div>
            {preset === "custom" ? (
              <>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${ids}-ttl-value`} className="sr-only">
                    {m.cacheTtlValue}
                  </label>
                  <input
                    id={`${ids}-ttl-value`}
                    value={customValue}
                    onChange={(e) => setCustomValue(e.target.value)}
                    inputMode="numeric"
                    className={`${inputClass} w-24`}
                    aria-describedby={`${ids}-ttl-hint`}
                    data-testid="key-cache-ttl-value"
                  />
                </div>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${ids}-ttl-unit`} className="sr-only">
                    {m.cacheTtlUnit}
                  </label>
                  <select
                    id={`${ids}-ttl-unit`}
                    value={customUnit}
                    onChange={(e) => setCustomUnit(e.target.value as TtlUnit)}
                    className={`${inputClass} w-auto`}
                    data-testid="key-cache-ttl-unit"
                  >
                    <option value="second">{m.cacheUnitSecond}</option>
                    <option value="minute">{m.cacheUnitMinute}</option>
                    <option value="hour">{m.cacheUnitHour}</option>
                    <option value="day">{m.cacheUnitDay}</option>
                  </select>
                </div>
              </>
            ) : null}
          </div>
          <p id={`${ids}-ttl-hint`} className="text-xs text-slate-500 dark:text-slate-400">
            {m.cacheTtlHint}
          </p>
        </div>
        <div className="md:col-span-2">
          <Checkbox
            id={`${ids}-shared`}
            label={m.cacheShared}
            hint={m.cacheSharedHint}
            checked={shared}
            onChange={setShared}
            testId="key-cache-shared"
          />
        </div>
        <div className="md:col-span-2">
          <Checkbox
            id={`${ids}-semantic`}
            label={m.cacheSemantic}
            hint={m.cacheSemanticHint}
            checked={semantic}
            onChange={setSemantic}
            testId="key-cache-semantic"
          />
        </div>
        {semantic ? (
          <div className="flex flex-wrap items-start gap-4 md:col-span-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${ids}-threshold`} className="text-sm font-medium">
                {m.cacheSemanticThreshold}
              </label>
              <input
                id={`${ids}-threshold`}
                value={threshold}
                onChange={(e) => setThreshold(e.target.value)}
                inputMode="decimal"
                className={`${inputClass} w-24`}
                aria-describedby={`${ids}-threshold-hint`}
                data-testid="key-cache-semantic-threshold"
              />
              <p id={`${ids}-threshold-hint`} className="max-w-md text-xs text-slate-500 dark:text-slate-400">
                {m.cacheSemanticThresholdHint}
              </p>
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${ids}-semantic-model`} className="text-sm font-medium">
                {m.cacheSemanticModel}
              </label>
              <select
                id={`${ids}-semantic-model`}
                value={semanticModel}
                onChange={(e) => setSemanticModel(e.target.value)}
                className={`${inputClass} w-auto`}
                data-testid="key-cache-semantic-model"
              >
                <option value="">{m.cacheSemanticModelDefault}</option>
                {embedders.map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.name}
                  </option>
                ))}
                {semanticModel && !embedders.some((model) => model.id === semanticModel) ? (
                  <option value={semanticModel}>{semanticModel}</option>
                ) : null}
              </select>
            </div>
          </div>
        ) : null}
      </div>
      {notice ? (
        <Alert tone={notice.tone} testId="key-cache-notice">
          {notice.text}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" className={small} disabled={busy} data-testid="key-cache-save">
          {save.isPending ? m.cacheSaving : m.cacheSave}
        </Button>
        <Button
          type="button"
          variant="secondary"
          className={small}
          disabled={busy}
          onClick={() => {
            setNotice(undefined);
            purge.mutate({ id: keyId });
          }}
          aria-describedby={`${ids}-purge-hint`}
          data-testid="key-cache-purge"
        >
          {m.cachePurge}
        </Button>
        <Button type="button" variant="secondary" className={small} onClick={onClose} data-testid="key-cache-close">
          {m.cacheClose}
        </Button>
        <span
          id={`${ids}-purge-hint`}
          className="text-xs text-slate-500 dark:text-slate-400"
          data-testid="key-cache-purge-hint"
        >
          {settings.shared ? m.cachePurgeShared : m.cachePurgeOwn}
        </span>
      </div>
    </form>
  );
}

function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
  testId,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
}) {
  return (
    <div className="flex items-start gap-2">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 h-4 w-4 accent-indigo-600"
        data-testid={testId}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
