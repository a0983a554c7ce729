import { getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "../pricing/admin-tabs";
import { pricingMessages } from "../pricing/messages";
import { legalAdminMessages } from "./messages";
import { MonthDocuments } from "./month-documents";
import { PagesEditor } from "./pages-editor";
import { SellerForm } from "./seller-form";
import { VatRates } from "./vat-rates";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("adminLegal");

export default async function AdminLegalPage() {
  const [m, tabs] = await Promise.all([getMessages(legalAdminMessages), getMessages(pricingMessages)]);
  return (
    <>
      <AdminTabs current="legal" labels={{ nav: tabs.nav, users: tabs.navUsers, pricing: tabs.navPricing, promos: tabs.navPromos, routing: tabs.navRouting }} />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <SellerForm />
        <div className="flex min-w-0 flex-col gap-4">
          <VatRates />
          <MonthDocuments />
        </div>
      </div>
      <div className="mt-4">
        <PagesEditor />
      </div>
    </>
  );
}
