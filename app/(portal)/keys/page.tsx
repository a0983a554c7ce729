import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { KeysManager } from "./keys-manager";
import { keysMessages } from "./messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("keys");

export default async function KeysPage() {
  const m = await getMessages(keysMessages);
  return (
    <div className="flex flex-col">
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <KeysManager />
    </div>
  );
}
