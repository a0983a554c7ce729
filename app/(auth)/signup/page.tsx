import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { authMessages } from "../messages";
import { SignupForm } from "./signup-form";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("signup");

export default async function SignupPage() {
  const m = await getMessages(authMessages);
  return (
    <>
      <PageTitle description={m.signupLead}>{m.signupTitle}</PageTitle>
      <SignupForm />
    </>
  );
}
