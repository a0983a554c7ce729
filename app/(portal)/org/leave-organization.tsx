"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useMessages } from "@/components/i18n/client";
import { chooseAccount } from "@/components/layout/choose-account";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { orgErrorText, orgMessages } from "./messages";

/** Leaves the chosen organization and goes back to the personal account (the last owner is refused). */
export function LeaveOrganization() {
  const m = useMessages(orgMessages);
  const trpc = useTRPC();
  const [error, setError] = useState<string>();
  const leave = useMutation(
    trpc.org.leave.mutationOptions({
      onSuccess: () => chooseAccount(null, "/org"),
      onError: (err) => setError(orgErrorText(m, err.message)),
    }),
  );
  return (
    <div className="flex flex-col items-start gap-2">
      <Button
        variant="secondary"
        disabled={leave.isPending}
        data-testid="org-leave"
        onClick={() => {
          if (window.confirm(m.confirmLeave)) leave.mutate();
        }}
      >
        {m.leave}
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
