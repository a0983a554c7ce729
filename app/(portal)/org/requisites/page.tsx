import { getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { can } from "@/server/services/organizations/permissions";
import { orgMessages } from "../messages";
import { loadOrgPage, OrgFrame } from "../org-context";
import { RequisitesForm } from "./requisites-form";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("orgRequisites");

export default async function RequisitesPage() {
  const { account, caller } = await loadOrgPage();
  const allowed = account.kind === "organization" && can(account, "requisites.manage");
  const [m, saved, offer] = allowed ? await Promise.all([getMessages(orgMessages), caller.legal.requisites(), caller.legal.offerStatus()]) : [];
  return (
    <OrgFrame account={account} section="requisites">
      {m && offer ? (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.requisitesLead}</p>
          <RequisitesForm saved={saved ?? null} offerVersion={offer.version} offerAccepted={offer.current} />
        </>
      ) : null}
    </OrgFrame>
  );
}
