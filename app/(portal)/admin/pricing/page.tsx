import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "./admin-tabs";
import { pricingMessages } from "./messages";
import { PricingAdmin } from "./pricing-admin";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("adminPricing");

export default async function AdminPricingPage() {
  const m = await getMessages(pricingMessages);
  return (
    <>
      <AdminTabs
        current="pricing"
        labels={{ nav: m.nav, users: m.navUsers, pricing: m.navPricing, promos: m.navPromos, routing: m.navRouting }}
      />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <PricingAdmin />
    </>
  );
}
