import type { Metadata } from "next";
import Link from "next/link";
import { getMessages } from "@/components/i18n/server";
import { RoutingNav } from "@/components/routing/routing-nav";
import { PageTitle } from "@/components/ui/card";
import { routingMessages } from "./messages";
import { RoutingAdmin } from "./routing-admin";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(routingMessages)).title };
}

export default async function AdminRoutingPage() {
  const m = await getMessages(routingMessages);
  return (
    <>
      <RoutingNav current="routing" />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <p className="-mt-3 mb-4 text-sm">
        <Link href="/admin/routing/analytics" className="text-indigo-700 hover:underline dark:text-indigo-300" data-testid="routing-analytics-link">
          {m.analyticsLink}
        </Link>
      </p>
      <RoutingAdmin />
    </>
  );
}
