"use client";

import { useId, useMemo, useState } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { accountNameLabel } from "@/components/i18n/labels";
import { formatNumber } from "@/server/core/format/number";
import { plural } from "@/server/core/format/plural";
import { formatRub } from "@/server/core/format/rub";
import { rubPer1MToMicro } from "@/server/money";
import { inputClass } from "@/components/ui/field";
import type { CatalogEntry } from "@/server/services/catalog/list-catalog";
import { catalogMessages } from "./messages";

const FEATURES = ["tools", "json", "streaming", "embeddings"] as const;
type Feature = (typeof FEATURES)[number];

const contextLabel = (tokens: number) => (tokens >= 1024 ? `${Math.round(tokens / 1024)}K` : String(tokens));

/** Searchable, filterable model catalog, grouped by provider. */
export function ModelCatalog({
  models,
  providers,
}: {
  models: CatalogEntry[];
  providers: { id: string; name: string }[];
}) {
  const m = useMessages(catalogMessages);
  const locale = useLocale();
  const ids = useId();
  const [query, setQuery] = useState("");
  const [feature, setFeature] = useState<Feature | "all">("all");

  const rub = (rubPer1M: number) => formatRub(rubPer1MToMicro(rubPer1M), locale, { precision: "request" });

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return models.filter(
      (model) =>
        (feature === "all" || model.features[feature]) &&
        (!q || `${model.id} ${model.name} ${model.providerName}`.toLowerCase().includes(q)),
    );
  }, [models, query, feature]);

  const groups = providers
    .map((provider) => ({ provider, models: visible.filter((model) => model.provider === provider.id) }))
    .filter((group) => group.models.length > 0);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:flex-row sm:items-end dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor={`${ids}-q`} className="text-sm font-medium">
            {m.search}
          </label>
          <input
            id={`${ids}-q`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={m.searchPlaceholder}
            data-testid="model-search"
            className={inputClass}
          />
        </div>
        <div className="flex flex-col gap-1 sm:w-60">
          <label htmlFor={`${ids}-f`} className="text-sm font-medium">
            {m.feature}
          </label>
          <select
            id={`${ids}-f`}
            value={feature}
            onChange={(e) => setFeature(e.target.value as Feature | "all")}
            data-testid="model-feature"
            className={inputClass}
          >
            <option value="all">{m.all}</option>
            {FEATURES.map((f) => (
              <option key={f} value={f}>
                {m[f]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <p
        className="text-sm text-slate-600 dark:text-slate-400"
        role="status"
        aria-live="polite"
        data-testid="model-count"
      >
        {plural(locale, visible.length, { one: m.countOne, few: m.countFew, many: m.countMany, other: m.countOther })} · {m.perMillion}
      </p>

      {groups.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {m.empty}
        </p>
      ) : null}

      {groups.map(({ provider, models: list }) => (
        <section
          key={provider.id}
          aria-labelledby={`${ids}-${provider.id}`}
          data-testid="provider-group"
          data-provider={provider.id}
        >
          <h2 id={`${ids}-${provider.id}`} className="mb-2 flex items-baseline gap-2 text-lg font-semibold">
            {provider.name}
            <span className="text-sm font-normal text-slate-500 dark:text-slate-400">{list.length}</span>
          </h2>
          <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {list.map((model) => (
              <li
                key={model.id}
                data-testid="model-row"
                data-model-id={model.id}
                data-provider={model.provider}
                className="flex flex-col gap-3 p-4 md:flex-row md:items-center md:justify-between"
              >
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="font-semibold">{model.name}</h3>
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                      {model.kind === "chat" ? m.chat : m.embedding}
                    </span>
                    {model.pricing.status === "estimate" ? (
                      <span
                        title={m.estimateHint}
                        data-testid="price-estimate"
                        className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100"
                      >
                        {m.estimate}
                        <span className="sr-only">: {m.estimateHint}</span>
                      </span>
                    ) : null}
                  </div>
                  <code className="mt-1 block font-mono text-xs break-all text-slate-600 select-all dark:text-slate-400">
                    {model.id}
                  </code>
                  <ul className="mt-2 flex flex-wrap gap-1" aria-label={m.modelFeatures}>
                    {FEATURES.filter((f) => model.features[f]).map((f) => (
                      <li
                        key={f}
                        className="rounded-full border border-indigo-200 px-2 py-0.5 text-xs text-indigo-800 dark:border-indigo-800 dark:text-indigo-200"
                      >
                        {m[f]}
                      </li>
                    ))}
                  </ul>
                  {model.routes.length > 0 ? (
                    <div className="mt-2 flex flex-wrap items-baseline gap-x-1.5 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
                      <span id={`${ids}-routes-${model.id}`}>{m.routes}:</span>
                      <ul
                        className="flex flex-wrap gap-1"
                        aria-labelledby={`${ids}-routes-${model.id}`}
                        data-testid="model-routes"
                      >
                        {model.routes.map((route) => (
                          <li
                            key={`${route.provider}:${route.accountName}`}
                            data-testid="model-route"
                            data-provider={route.provider}
                            className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 dark:bg-slate-800 dark:text-slate-200"
                          >
                            {accountNameLabel({ name: route.accountName, provider: route.provider }, locale)}
                            {route.accountName.toLowerCase().startsWith(route.provider) ? null : (
                              <span className="text-slate-600 dark:text-slate-400"> · {route.provider}</span>
                            )}
                            {route.thinking ? (
                              <span className="text-slate-600 dark:text-slate-400" data-testid="model-route-thinking">
                                {" "}
                                · {m.thinking}: {route.thinking}
                              </span>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </div>
                <dl className="grid shrink-0 grid-cols-4 gap-x-4 gap-y-0.5 text-sm md:w-[26rem]">
                  <div>
                    <dt className="text-xs text-slate-500 dark:text-slate-400">{m.context}</dt>
                    <dd
                      className="font-medium tabular-nums"
                      title={`${formatNumber(model.contextLength, locale)} ${m.tokens}`}
                    >
                      {contextLabel(model.contextLength)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500 dark:text-slate-400">{m.input}</dt>
                    <dd className="font-medium tabular-nums" data-testid="price-input">
                      {rub(model.pricing.input)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500 dark:text-slate-400">{m.output}</dt>
                    <dd className="font-medium tabular-nums">
                      {model.kind === "embedding" ? "—" : rub(model.pricing.output)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500 dark:text-slate-400">{m.cachedInput}</dt>
                    <dd className="font-medium tabular-nums">
                      {model.kind === "embedding" ? "—" : rub(model.pricing.cachedInput)}
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
