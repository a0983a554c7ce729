import { pageMetadata } from "@/components/layout/page-title";
import { can } from "@/server/services/organizations/permissions";
import { loadOrgPage, OrgFrame } from "../org-context";
import { InvoicesManager } from "./invoices-manager";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("orgInvoices");

export default async function InvoicesPage() {
  const { account } = await loadOrgPage();
  return (
    <OrgFrame account={account} section="invoices">
      {account.kind === "organization" ? <InvoicesManager orgId={account.orgId} pay={can(account, "billing.pay")} /> : null}
    </OrgFrame>
  );
}
