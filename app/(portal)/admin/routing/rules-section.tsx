"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { RuleView } from "@/server/services/routing/rule-view";
import type { ModelOption } from "./account-form";
import { routingMessages } from "./messages";
import { PreviewBox } from "./preview-box";
import { RuleForm } from "./rule-form";
import type { Notice } from "./shared";

function RuleSummary({ rule }: { rule: RuleView }) {
  const m = useMessages(routingMessages);
  const { keyTags, userIds, models } = rule.match;
  const parts = [
    keyTags?.length ? `${m.tags}: ${keyTags.join(", ")}` : "",
    userIds?.length ? `${m.users}: ${userIds.join(", ")}` : "",
    models?.length ? models.join(", ") : "",
  ].filter(Boolean);
  const action = !rule.action
    ? m.invalidRule
    : rule.action.type === "providers"
      ? format(m.onlyProviders, { providers: rule.action.only.join(", ") })
      : format(m.splitSummary, { percent: rule.action.percent, to: rule.action.to });
  return (
    <div className="min-w-0 text-sm">
      <div className="font-medium" data-testid="rule-title">
        {rule.name}
        {!rule.enabled ? <span className="ml-2 text-xs font-normal text-slate-500">{m.ruleDisabled}</span> : null}
      </div>
      <div className="text-xs text-slate-600 dark:text-slate-400">
        <span>{parts.length ? parts.join(" · ") : m.any}</span>
        <span className="mx-1">→</span>
        <span className={rule.action ? "font-medium text-indigo-700 dark:text-indigo-300" : "text-red-600"}>{action}</span>
      </div>
    </div>
  );
}

export function RulesSection({ models, onNotice }: { models: ModelOption[]; onNotice: (n: Notice) => void }) {
  const m = useMessages(routingMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: rules } = useQuery(trpc.routing.rules.queryOptions());
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string>();
  const refresh = () => queryClient.invalidateQueries(trpc.routing.rules.queryFilter());
  const onError = () => onNotice({ tone: "error", text: m.error });
  const move = useMutation(trpc.routing.moveRule.mutationOptions({ onSuccess: refresh, onError }));
  const toggle = useMutation(trpc.routing.updateRule.mutationOptions({ onSuccess: () => (onNotice({ tone: "success", text: m.ruleSaved }), refresh()), onError }));
  const remove = useMutation(trpc.routing.deleteRule.mutationOptions({ onSuccess: () => (onNotice({ tone: "success", text: m.ruleDeleted }), refresh()), onError }));
  const small = "px-2 py-1 text-xs";

  return (
    <div className="flex flex-col gap-4">
      <Card
        title={m.rulesTitle}
        actions={
          <Button onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="rule-add">
            {m.addRule}
          </Button>
        }
      >
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.rulesLead}</p>
        {adding ? (
          <div className="mb-4">
            <RuleForm models={models} onDone={() => setAdding(false)} onNotice={onNotice} />
          </div>
        ) : null}
        {rules?.length === 0 ? <p className="text-sm text-slate-500">{m.noRules}</p> : null}
        <ol className="flex flex-col" data-testid="rules-list">
          {rules?.map((rule, i) => (
            <Fragment key={rule.id}>
              <li className={`flex flex-col gap-2 border-t border-slate-200 py-2 sm:flex-row sm:items-center dark:border-slate-800 ${rule.enabled ? "" : "opacity-60"}`} data-testid="rule-row" data-rule={rule.id}>
                <div className="flex min-w-0 flex-1 gap-2">
                  <span className="w-6 shrink-0 pt-0.5 text-xs text-slate-500 tabular-nums">{i + 1}.</span>
                  <RuleSummary rule={rule} />
                </div>
                <div className="flex flex-wrap gap-1">
                  <Button variant="secondary" className={small} disabled={i === 0 || move.isPending} onClick={() => move.mutate({ id: rule.id, direction: "up" })} aria-label={`${m.moveUp}: ${rule.name}`} data-testid="rule-up">
                    ↑
                  </Button>
                  <Button variant="secondary" className={small} disabled={i === rules.length - 1 || move.isPending} onClick={() => move.mutate({ id: rule.id, direction: "down" })} aria-label={`${m.moveDown}: ${rule.name}`} data-testid="rule-down">
                    ↓
                  </Button>
                  <Button variant="secondary" className={small} onClick={() => setEditing(editing === rule.id ? undefined : rule.id)} data-testid="rule-edit">
                    {m.edit}
                  </Button>
                  <Button variant="secondary" className={small} onClick={() => toggle.mutate({ id: rule.id, enabled: !rule.enabled })} data-testid="rule-toggle">
                    {rule.enabled ? m.disable : m.enable}
                  </Button>
                  <Button
                    variant="danger"
                    className={small}
                    data-testid="rule-delete"
                    onClick={() => {
                      if (window.confirm(format(m.confirmDeleteRule, { name: rule.name }))) remove.mutate({ id: rule.id });
                    }}
                  >
                    {m.delete}
                  </Button>
                </div>
              </li>
              {editing === rule.id ? (
                <li className="pb-3">
                  <RuleForm initial={rule} models={models} onDone={() => setEditing(undefined)} onNotice={onNotice} />
                </li>
              ) : null}
            </Fragment>
          ))}
        </ol>
      </Card>
      <PreviewBox />
    </div>
  );
}
