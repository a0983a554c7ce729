import { getMessages } from "@/components/i18n/server";
import { OAuthErrorView } from "../_components/consent-form";
import { oauthMessages } from "../_components/messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("oauthError");

export const dynamic = "force-dynamic";

const KNOWN = new Set(["form_expired", "wrong_session", "invalid_request", "invalid_client", "invalid_redirect_uri"]);

/** Errors of the consent form; only known reason codes are shown (no text from the URL). */
export default async function OAuthErrorPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const m = await getMessages(oauthMessages);
  return <OAuthErrorView m={m} reason={reason && KNOWN.has(reason) ? reason : "unknown"} />;
}
