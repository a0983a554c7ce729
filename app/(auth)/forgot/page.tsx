import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { authMessages } from "../messages";
import { ForgotForm } from "./forgot-form";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("forgot");

export default async function ForgotPage() {
  const m = await getMessages(authMessages);
  return (
    <>
      <PageTitle description={m.forgotLead}>{m.forgotTitle}</PageTitle>
      <ForgotForm />
    </>
  );
}
