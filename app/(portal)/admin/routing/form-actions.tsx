"use client";

import { useMessages } from "@/components/i18n/client";
import { Button } from "@/components/ui/button";
import { routingMessages } from "./messages";

/** The submit + cancel buttons at the bottom of a routing admin form. */
export function FormActions({
  label,
  pending,
  testId,
  onCancel,
}: {
  label: string;
  pending: boolean;
  testId: string;
  onCancel: () => void;
}) {
  const m = useMessages(routingMessages);
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" disabled={pending} data-testid={testId}>
        {label}
      </Button>
      <Button type="button" variant="secondary" onClick={onCancel}>
        {m.cancel}
      </Button>
    </div>
  );
}
