"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useMessages } from "@/components/i18n/client";
import { labelMessages } from "@/components/i18n/labels";
import { format } from "@/server/core/locale";
import { useProviderName } from "@/components/routing/providers";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import type { ModelStrategyRow } from "@/server/services/routing/list-strategies";
import { STRATEGY_NAMES, type Strategy } from "@/server/routing/strategies";
import { routingMessages } from "./messages";
import { selectClass, type Notice } from "./shared";

export function StrategiesSection({ rows, onNotice }: { rows: ModelStrategyRow[] | undefined; onNotice: (n: Notice) => void }) {
  const m = useMessages(routingMessages);
  const providerName = useProviderName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const labels = labelMessages[useLocale()];
  const label = (s: Strategy) => labels[`strategy_${s}`];
  const save = useMutation(
    trpc.routing.setStrategy.mutationOptions({
      onSuccess: async (r) => {
        onNotice({ tone: "success", text: format(m.strategySaved, { model: r.modelId, strategy: label(r.strategy) }) });
        await queryClient.invalidateQueries(trpc.routing.strategies.queryFilter());
      },
      onError: () => onNotice({ tone: "error", text: m.error }),
    }),
  );
  return (
    <Card title={m.strategiesTitle}>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.strategiesLead}</p>
      <div tabIndex={0} className="-mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <table className="w-full min-w-[36rem] text-left text-sm" data-testid="strategies-table">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-2 pr-3 font-medium">{m.model}</th>
              <th className="py-2 pr-3 font-medium">{m.provider}</th>
              <th className="py-2 pr-3 text-right font-medium">{m.routes}</th>
              <th className="py-2 font-medium">{m.strategy}</th>
            </tr>
          </thead>
          <tbody>
            {rows?.map((row) => (
              <tr key={row.modelId} className="border-t border-slate-200 dark:border-slate-800" data-testid="strategy-row" data-model={row.modelId}>
                <td className="py-2 pr-3">
                  <div className="font-medium">{row.name}</div>
                  <code className="block max-w-64 truncate text-xs text-slate-500" title={row.modelId}>
                    {row.modelId}
                  </code>
                </td>
                <td className="py-2 pr-3 whitespace-nowrap">{providerName(row.provider)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{row.routes}</td>
                <td className="py-2">
                  <label className="sr-only" htmlFor={`strategy-${row.modelId}`}>
                    {m.strategy} {row.modelId}
                  </label>
                  <select
                    id={`strategy-${row.modelId}`}
                    className={`${selectClass} max-w-56`}
                    value={row.strategy}
                    disabled={save.isPending}
                    data-testid="strategy-select"
                    onChange={(e) => save.mutate({ modelId: row.modelId, strategy: e.target.value as Strategy })}
                  >
                    {STRATEGY_NAMES.map((s) => (
                      <option key={s} value={s}>
                        {label(s)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
