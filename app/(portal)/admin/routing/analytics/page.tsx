import type { Metadata } from "next";
import { getMessages } from "@/components/i18n/server";
import { RoutingNav } from "@/components/routing/routing-nav";
import { PageTitle } from "@/components/ui/card";
import { AnalyticsView } from "./analytics-view";
import { analyticsMessages } from "./messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(analyticsMessages)).title };
}

export default async function RoutingAnalyticsPage() {
  const m = await getMessages(analyticsMessages);
  return (
    <>
      <RoutingNav current="analytics" />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <AnalyticsView />
    </>
  );
}
