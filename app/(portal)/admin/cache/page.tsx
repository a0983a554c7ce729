import type { Metadata } from "next";
import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "../pricing/admin-tabs";
import { pricingMessages } from "../pricing/messages";
import { CacheAdmin } from "./cache-admin";
import { cacheAdminMessages } from "./messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(cacheAdminMessages)).title };
}

export default async function AdminCachePage() {
  const [m, tabs] = await Promise.all([getMessages(cacheAdminMessages), getMessages(pricingMessages)]);
  return (
    <>
      <AdminTabs current="cache" labels={{ nav: tabs.nav, users: tabs.navUsers, pricing: tabs.navPricing, promos: tabs.navPromos, routing: tabs.navRouting }} />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <CacheAdmin />
    </>
  );
}
