"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { AccountsSection } from "./accounts-section";
import { routingMessages } from "./messages";
import { RulesSection } from "./rules-section";
import type { Notice } from "./shared";
import { StrategiesSection } from "./strategies-section";

const TABS = ["accounts", "strategies", "rules"] as const;
type Tab = (typeof TABS)[number];

/** The routing admin: accounts, per-model strategies, rules with the request tester, as tabs. */
export function RoutingAdmin() {
  const m = useMessages(routingMessages);
  const trpc = useTRPC();
  const [tab, setTab] = useState<Tab>("accounts");
  const [notice, setNotice] = useState<Notice>();
  const { data: strategies } = useQuery(trpc.routing.strategies.queryOptions());
  const models = (strategies ?? []).filter((s) => s.kind === "chat" || tab === "accounts");
  const labels: Record<Tab, string> = { accounts: m.tabAccounts, strategies: m.tabStrategies, rules: m.tabRules };
  return (
    <div className="flex flex-col gap-4">
      <div role="tablist" aria-label={m.tabsLabel} className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm sm:w-fit dark:bg-slate-800">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            id={`routing-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`routing-panel-${t}`}
            onClick={() => {
              setTab(t);
              setNotice(undefined);
            }}
            data-testid={`routing-tab-${t}`}
            className={`flex-1 rounded-md px-3 py-1.5 sm:flex-none ${tab === t ? "bg-white font-medium shadow-sm dark:bg-slate-950" : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}
          >
            {labels[t]}
          </button>
        ))}
      </div>
      {notice ? (
        <Alert tone={notice.tone} testId="routing-notice">
          {notice.text}
        </Alert>
      ) : null}
      <div role="tabpanel" id={`routing-panel-${tab}`} aria-labelledby={`routing-tab-${tab}`}>
        {tab === "accounts" ? <AccountsSection models={models} onNotice={setNotice} /> : null}
        {tab === "strategies" ? <StrategiesSection rows={strategies} onNotice={setNotice} /> : null}
        {tab === "rules" ? <RulesSection models={models} onNotice={setNotice} /> : null}
      </div>
    </div>
  );
}
