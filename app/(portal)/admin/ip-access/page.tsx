import type { Metadata } from "next";
import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "../pricing/admin-tabs";
import { pricingMessages } from "../pricing/messages";
import { IpAccessAdmin } from "./ip-access-admin";
import { ipAccessMessages } from "./messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(ipAccessMessages)).title };
}

export default async function AdminIpAccessPage() {
  const [m, tabs] = await Promise.all([getMessages(ipAccessMessages), getMessages(pricingMessages)]);
  return (
    <>
      <AdminTabs
        current="ip-access"
        labels={{
          nav: tabs.nav,
          users: tabs.navUsers,
          pricing: tabs.navPricing,
          promos: tabs.navPromos,
          routing: tabs.navRouting,
        }}
      />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <IpAccessAdmin />
    </>
  );
}
