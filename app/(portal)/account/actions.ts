"use server";

import { enabledOAuthProviders } from "@/server/auth/next-auth";
import { requestProviderLink } from "@/server/auth/provider-link";
import { getSessionUser } from "@/server/auth/session";

/** Before the browser goes to the provider: its next sign-in there links to the signed-in user. */
export async function requestLinkAction(provider: string): Promise<void> {
  const user = await getSessionUser();
  if (user && enabledOAuthProviders().includes(provider)) await requestProviderLink(user.id, provider);
}
