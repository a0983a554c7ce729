import { getMessages } from "@/components/i18n/server";
import { TopUpForm } from "@/components/billing/topup-form";
import { topupMessages } from "@/components/billing/topup-messages";
import { PageTitle } from "@/components/ui/card";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("topup");

/** A standalone top-up page (the billing page renders the same <TopUpForm />). */
export default async function NewTopupPage() {
  const m = await getMessages(topupMessages);
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <PageTitle>{m.newTitle}</PageTitle>
      <TopUpForm />
    </div>
  );
}
