import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getMessages } from "@/components/i18n/server";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { checkAuthorizeRequest, issueCode, rememberedGrant } from "@/server/oauth/authorize";
import { createConsentTicket } from "@/server/oauth/consent-ticket";
import { ConsentForm, OAuthErrorView } from "../_components/consent-form";
import { oauthMessages } from "../_components/messages";
import { hostOf, toSearchParams } from "../_components/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "XRouter — OAuth", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** GET /oauth/authorize (RFC 6749 section 4.1.1 with PKCE S256): check, log in, remembered consent or the consent page. */
export default async function AuthorizePage({ searchParams }: Props) {
  const params = toSearchParams(await searchParams);
  const m = await getMessages(oauthMessages);
  const db = await getDb();
  const check = await checkAuthorizeRequest(db, params);
  if (check.kind === "error_page") return <OAuthErrorView m={m} reason={check.error} />;
  if (check.kind === "redirect") redirect(check.url);
  const request = check.request;
  if (request.kind !== "oauth") redirect("/");
  const user = await getSessionUser();
  const capError = params.get("cap_error") === "1";
  params.delete("cap_error");
  if (!user) redirect(`/login?next=${encodeURIComponent(`/oauth/authorize?${params.toString()}`)}`);
  if (!request.forceConsent && !capError) {
    const remembered = await rememberedGrant(db, user.id, request.client.id, request.scopes);
    if (remembered) {
      redirect(
        await issueCode(db, request, user.id, {
          capMicro: remembered.capMicro,
          capPeriod: remembered.capPeriod,
          grantExpiresAt: remembered.expiresAt,
        }),
      );
    }
  }
  const ticket = createConsentTicket({ kind: "oauth", userId: user.id, query: params.toString() });
  return (
    <ConsentForm
      m={m}
      ticket={ticket}
      email={user.email}
      app={{ name: request.client.name, logoUrl: request.client.logoUrl, homepageUrl: request.client.homepageUrl }}
      redirectHost={hostOf(request.redirectUri)}
      scopes={request.scopes}
      capError={capError}
    />
  );
}
