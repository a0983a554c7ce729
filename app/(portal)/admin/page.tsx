import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { adminMessages } from "./messages";
import { AdminTabs } from "./pricing/admin-tabs";
import { pricingMessages } from "./pricing/messages";
import { UsersTable } from "./users-table";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("admin");

export default async function AdminPage() {
  const [m, tabs] = await Promise.all([getMessages(adminMessages), getMessages(pricingMessages)]);
  return (
    <>
      <AdminTabs current="users" labels={{ nav: tabs.nav, users: tabs.navUsers, pricing: tabs.navPricing, promos: tabs.navPromos, routing: tabs.navRouting }} />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <UsersTable />
    </>
  );
}
