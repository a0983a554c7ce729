import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getMessages } from "@/components/i18n/server";
import { getSessionUser } from "@/server/auth/session";
import { checkOpenRouterRequest } from "@/server/oauth/authorize";
import { createConsentTicket } from "@/server/oauth/consent-ticket";
import { ConsentForm, OAuthErrorView } from "../oauth/_components/consent-form";
import { oauthMessages } from "../oauth/_components/messages";
import { hostOf, toSearchParams } from "../oauth/_components/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "XRouter — OAuth", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * GET /auth?callback_url=…&code_challenge=…&code_challenge_method=S256 — OpenRouter's PKCE flow: log in,
 * consent with a cap, then back to callback_url with ?code= for POST /api/v1/auth/keys.
 */
export default async function OpenRouterAuthPage({ searchParams }: Props) {
  const params = toSearchParams(await searchParams);
  const m = await getMessages(oauthMessages);
  const check = checkOpenRouterRequest(params);
  if (check.kind === "error_page") return <OAuthErrorView m={m} reason={check.error} />;
  if (check.kind !== "ok" || check.request.kind !== "openrouter") redirect("/");
  const request = check.request;
  const capError = params.get("cap_error") === "1";
  params.delete("cap_error");
  const user = await getSessionUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(`/auth?${params.toString()}`)}`);
  const ticket = createConsentTicket({ kind: "openrouter", userId: user.id, query: params.toString() });
  return (
    <ConsentForm
      m={m}
      ticket={ticket}
      email={user.email}
      app={null}
      redirectHost={hostOf(request.callbackUrl)}
      scopes={request.scopes}
      capError={capError}
    />
  );
}
