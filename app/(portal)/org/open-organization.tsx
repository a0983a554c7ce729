"use client";

import { Button } from "@/components/ui/button";
import { chooseAccount } from "@/components/layout/choose-account";

/** Switches the portal to an organization (as the header's switcher does) and opens its page. */
export function OpenOrganization({ orgId, label }: { orgId: string; label: string }) {
  return (
    <Button variant="secondary" className="py-1" onClick={() => chooseAccount(orgId, "/org")}>
      {label}
    </Button>
  );
}
