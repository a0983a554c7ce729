import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "../pricing/admin-tabs";
import { promoMessages } from "./messages";
import { PromosAdmin } from "./promos-admin";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("adminPromos");

export default async function AdminPromosPage() {
  const m = await getMessages(promoMessages);
  return (
    <>
      <AdminTabs
        current="promos"
        labels={{ nav: m.nav, users: m.navUsers, pricing: m.navPricing, promos: m.navPromos, routing: m.navRouting }}
      />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <PromosAdmin />
    </>
  );
}
