import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { AppsManager } from "./apps-manager";
import { appsMessages } from "./messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("apps");

export default async function AppsPage() {
  const m = await getMessages(appsMessages);
  return (
    <div className="flex flex-col">
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <AppsManager />
    </div>
  );
}
