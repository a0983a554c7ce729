"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { splitIpRanges } from "@/server/net/split-ip-ranges";
import { ipAccessMessages } from "./messages";

type Messages = Record<keyof (typeof ipAccessMessages)["ru"], string>;

/** A refusal from setIpLists (`<problem>: <detail>`) in the reader's language. */
function refusalText(message: string, m: Messages): string {
  const [problem, detail = ""] = message.split(/: (.*)/s);
  if (problem === "invalid_ip_range") return format(m.invalid_ip_range, { entries: detail });
  if (problem === "locks_out_caller") return format(m.locks_out_caller, { ip: detail });
  return m.error;
}

export function IpAccessAdmin() {
  const m = useMessages(ipAccessMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.admin.ipLists.queryOptions());
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const save = useMutation(
    trpc.admin.setIpLists.mutationOptions({
      onSuccess: async () => {
        setNotice({ tone: "success", text: m.saved });
        await queryClient.invalidateQueries(trpc.admin.ipLists.queryFilter());
      },
      onError: (err) => setNotice({ tone: "error", text: refusalText(err.message, m) }),
    }),
  );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setNotice(undefined);
    const form = new FormData(e.currentTarget);
    save.mutate({
      allow: splitIpRanges(String(form.get("allow") ?? "")),
      deny: splitIpRanges(String(form.get("deny") ?? "")),
    });
  };

  if (!data) return null;
  return (
    <div className="flex flex-col gap-4">
      <Card>
        {/* Keyed by the saved lists, so the fields show them again after a save. */}
        <form
          key={JSON.stringify([data.allow, data.deny])}
          onSubmit={submit}
          className="flex flex-col gap-4"
          data-testid="ip-lists-form"
        >
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.format}</p>
          {data.yourIp ? (
            <p className="text-sm" data-testid="ip-lists-your-ip">
              {format(m.yourIp, { ip: data.yourIp })}
            </p>
          ) : null}
          <div className="grid gap-4 md:grid-cols-2">
            <ListField id="allow" label={m.allow} hint={m.allowHint} entries={data.allow} />
            <ListField id="deny" label={m.deny} hint={m.denyHint} entries={data.deny} />
          </div>
          {notice ? (
            <Alert tone={notice.tone} testId="ip-lists-notice">
              {notice.text}
            </Alert>
          ) : null}
          <div>
            <Button type="submit" disabled={save.isPending} data-testid="ip-lists-save">
              {save.isPending ? m.saving : m.save}
            </Button>
          </div>
        </form>
      </Card>
      <Card title={m.environment}>
        <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr]" data-testid="ip-lists-environment">
          <dt className="font-mono text-xs text-slate-500">{m.environmentAllow}</dt>
          <dd className="font-mono break-words">{data.environment.allow.join(", ") || m.none}</dd>
          <dt className="font-mono text-xs text-slate-500">{m.environmentDeny}</dt>
          <dd className="font-mono break-words">{data.environment.deny.join(", ") || m.none}</dd>
        </dl>
      </Card>
    </div>
  );
}

function ListField({
  id,
  label,
  hint,
  entries,
}: {
  id: "allow" | "deny";
  label: string;
  hint: string;
  entries: string[];
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`ip-${id}`} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={`ip-${id}`}
        name={id}
        rows={8}
        defaultValue={entries.join("\n")}
        className={`${inputClass} font-mono text-xs`}
        spellCheck={false}
        data-testid={`ip-lists-${id}`}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">{hint}</p>
    </div>
  );
}
