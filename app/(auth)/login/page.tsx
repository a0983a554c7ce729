import { Suspense } from "react";
import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { enabledOAuthProviders } from "@/server/auth/next-auth";
import { authMessages } from "../messages";
import { LoginForm } from "./login-form";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("login");

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  const m = await getMessages(authMessages);
  return (
    <>
      <PageTitle>{m.loginTitle}</PageTitle>
      <Suspense>
        <LoginForm oauthProviders={enabledOAuthProviders()} />
      </Suspense>
    </>
  );
}
