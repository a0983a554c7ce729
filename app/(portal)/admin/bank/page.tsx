import { getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "../pricing/admin-tabs";
import { pricingMessages } from "../pricing/messages";
import { legalAdminMessages } from "../legal/messages";
import { StatementUpload } from "./statement-upload";
import { UnmatchedPayments } from "./unmatched-payments";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("adminBank");

export default async function AdminBankPage() {
  const [m, tabs] = await Promise.all([getMessages(legalAdminMessages), getMessages(pricingMessages)]);
  return (
    <>
      <AdminTabs current="bank" labels={{ nav: tabs.nav, users: tabs.navUsers, pricing: tabs.navPricing, promos: tabs.navPromos, routing: tabs.navRouting }} />
      <PageTitle description={m.bankLead}>{m.bankTitle}</PageTitle>
      <div className="flex flex-col gap-4">
        <StatementUpload />
        <UnmatchedPayments />
      </div>
    </>
  );
}
