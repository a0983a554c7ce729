import Link from "next/link";
import { getMessages } from "@/components/i18n/server";
import { Alert } from "@/components/ui/alert";
import { PageTitle } from "@/components/ui/card";
import { requestSource } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { verifyEmail } from "@/server/services/accounts/verify-email";
import { authMessages } from "../messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("verify");

export const dynamic = "force-dynamic";

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const m = await getMessages(authMessages);
  const { token } = await searchParams;
  const ok = token ? await verifyEmail(await getDb(), token, await requestSource()) : false;
  if (!ok) return <Alert tone="error" testId="verify-failed">{m.verifyFailed}</Alert>;
  return (
    <>
      <PageTitle description={m.verifiedLead}>{m.verifiedTitle}</PageTitle>
      <Link href="/login" data-testid="verified-login" className="rounded-md bg-indigo-600 px-4 py-2 text-center font-medium text-white">
        {m.login}
      </Link>
    </>
  );
}
