import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { authMessages } from "../messages";
import { SignupForm } from "./signup-form";

export default async function SignupPage() {
  const m = await getMessages(authMessages);
  return (
    <>
      <PageTitle description={m.signupLead}>{m.signupTitle}</PageTitle>
      <SignupForm />
    </>
  );
}
