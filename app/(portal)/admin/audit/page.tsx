import type { Metadata } from "next";
import { getMessages } from "@/components/i18n/server";
import { auditLogMessages } from "@/components/security/audit-messages";
import { PageTitle } from "@/components/ui/card";
import { AdminTabs } from "../pricing/admin-tabs";
import { pricingMessages } from "../pricing/messages";
import { AuditLog } from "./audit-log";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(auditLogMessages)).title };
}

export default async function AdminAuditPage() {
  const [m, tabs] = await Promise.all([getMessages(auditLogMessages), getMessages(pricingMessages)]);
  return (
    <>
      <AdminTabs current="audit" labels={{ nav: tabs.nav, users: tabs.navUsers, pricing: tabs.navPricing, promos: tabs.navPromos, routing: tabs.navRouting }} />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <AuditLog />
    </>
  );
}
