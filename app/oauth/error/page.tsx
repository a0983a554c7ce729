import { getMessages } from "@/components/i18n/server";
import { OAuthErrorView } from "../_components/consent-form";
import { oauthMessages } from "../_components/messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("oauthError");

export const dynamic = "force-dynamic";

/** Errors of the consent form (POST /oauth/consent sends the browser here); only known reason codes are shown. */
export default async function OAuthErrorPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[] }> }) {
  const { reason } = await searchParams;
  const m = await getMessages(oauthMessages);
  return <OAuthErrorView m={m} reason={typeof reason === "string" ? reason : undefined} />;
}
