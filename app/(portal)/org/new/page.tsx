import { getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { PageTitle } from "@/components/ui/card";
import { getDb } from "@/server/db";
import { currentOfferVersion } from "@/server/services/legal/accept-offer";
import { orgMessages } from "../messages";
import { CreateOrganizationForm } from "./create-organization-form";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("orgNew");

export default async function NewOrganizationPage() {
  const [m, version] = await Promise.all([getMessages(orgMessages), getDb().then(currentOfferVersion)]);
  return (
    <div className="flex max-w-xl flex-col gap-4">
      <PageTitle description={m.createLead}>{m.createTitle}</PageTitle>
      <CreateOrganizationForm offerVersion={version} />
    </div>
  );
}
