"use client";

import { useMutation } from "@tanstack/react-query";
import { useMessages } from "@/components/i18n/client";
import { chooseAccount } from "@/components/layout/choose-account";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inviteMessages } from "./messages";

/** Joins the organization and switches the portal to it. */
export function AcceptInvitation({ token }: { token: string }) {
  const m = useMessages(inviteMessages);
  const trpc = useTRPC();
  const accept = useMutation(trpc.org.acceptInvitation.mutationOptions({ onSuccess: ({ orgId }) => chooseAccount(orgId, "/org") }));
  return (
    <div className="flex flex-col items-start gap-2">
      <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending || accept.isSuccess} data-testid="invite-accept">
        {m.accept}
      </Button>
      {accept.isError ? (
        <Alert tone="error" testId="invite-error">
          {m.failed}
        </Alert>
      ) : null}
    </div>
  );
}
