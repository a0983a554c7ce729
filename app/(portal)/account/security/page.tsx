import type { Metadata } from "next";
import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { AccountTabs } from "../account-tabs";
import { securityMessages } from "./messages";
import { SecurityEvents } from "./security-events";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(securityMessages)).title };
}

export default async function SecurityPage() {
  const m = await getMessages(securityMessages);
  return (
    <div className="flex flex-col gap-4">
      <AccountTabs current="security" />
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <SecurityEvents />
    </div>
  );
}
