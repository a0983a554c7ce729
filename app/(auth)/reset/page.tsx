import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { authMessages } from "../messages";
import { ResetForm } from "./reset-form";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("reset");

export default async function ResetPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const m = await getMessages(authMessages);
  const { token = "" } = await searchParams;
  return (
    <>
      <PageTitle>{m.resetTitle}</PageTitle>
      <ResetForm token={token} />
    </>
  );
}
