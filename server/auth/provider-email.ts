import { z } from "zod";
import { normalizeEmail } from "../services/users/create-user";

const gitHubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/** GitHub: the primary address, only when GitHub marks it verified (the /user/emails list fetched at sign-in). */
function primaryVerifiedGitHubEmail(profile: Record<string, unknown>): string | undefined {
  const emails = gitHubEmails.safeParse(profile.emails);
  return emails.success ? emails.data.find((e) => e.primary && e.verified)?.email : undefined;
}

/**
 * Providers that say an email is verified. Yandex ID is absent on purpose: login.yandex.ru/info gives
 * `default_email` ("the default email address for contacting the user") and `emails`, with no verified flag, and
 * its documentation does not say they are verified, so a Yandex email is never trusted to match an account.
 */
const verifiedEmailReaders: Record<string, (profile: Record<string, unknown>) => string | undefined> = {
  github: primaryVerifiedGitHubEmail,
};

/** The email the provider vouches for in this profile, normalized; undefined when it vouches for none. */
export function verifiedProviderEmail(provider: string, profile: unknown): string | undefined {
  const read = verifiedEmailReaders[provider];
  const email = read && profile && typeof profile === "object" ? read(profile as Record<string, unknown>) : undefined;
  return email ? normalizeEmail(email) : undefined;
}

/**
 * GitHub's userinfo step with the address list added: /user alone gives only the public email, which says nothing
 * about which address is primary and verified. Needs the `user:email` scope (next-auth asks for it).
 */
export async function gitHubProfileWithEmails({
  client,
  tokens,
}: {
  client: { userinfo: (accessToken: string) => Promise<Record<string, unknown>> };
  tokens: { access_token?: string };
}): Promise<Record<string, unknown>> {
  const accessToken = tokens.access_token ?? "";
  const profile = await client.userinfo(accessToken);
  const response = await fetch("https://api.github.com/user/emails", {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "XRouter" },
  });
  return { ...profile, emails: response.ok ? await response.json() : [] };
}
