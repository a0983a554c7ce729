"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CreateKeyForm } from "./create-key-form";
import { KeyTable, type Notice } from "./key-table";
import { keysMessages } from "./messages";
import { NewKeyPanel } from "./new-key-panel";

export function KeysManager() {
  const m = useMessages(keysMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const keys = useQuery(trpc.keys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [fresh, setFresh] = useState<{ name: string; key: string }>();
  const [notice, setNotice] = useState<Notice>();

  return (
    <div className="flex flex-col gap-4">
      {fresh ? <NewKeyPanel m={m} name={fresh.name} value={fresh.key} onDone={() => setFresh(undefined)} /> : null}
      {creating ? (
        <CreateKeyForm
          m={m}
          onCancel={() => setCreating(false)}
          onCreated={({ key, record }) => {
            setCreating(false);
            setNotice(undefined);
            setFresh({ name: record.name, key });
          }}
        />
      ) : (
        <div>
          <Button
            type="button"
            onClick={() => {
              setCreating(true);
              setFresh(undefined);
              setNotice(undefined);
            }}
            data-testid="create-key-open"
          >
            <span aria-hidden="true" className="text-base leading-none">+</span> {m.createKey}
          </Button>
        </div>
      )}
      {notice ? (
        <Alert tone={notice.tone} testId="keys-notice">
          {notice.text}
        </Alert>
      ) : null}
      {keys.isPending ? (
        <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="keys-loading">
          {m.loading}
        </p>
      ) : keys.isError ? (
        <Alert tone="error">{m.loadError}</Alert>
      ) : keys.data.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400" data-testid="keys-empty">
          {m.empty}
        </p>
      ) : (
        <KeyTable keys={keys.data} m={m} locale={locale} onNotice={setNotice} />
      )}
    </div>
  );
}
