import { eq } from "drizzle-orm";
import { getServerSession, type Account, type AuthOptions, type Profile, type User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import YandexProvider from "next-auth/providers/yandex";
import { getConfig } from "../config";
import { getDb } from "../db";
import { users } from "../db/schema";
import { UNKNOWN_CLIENT_IP } from "../net/client-ip";
import { sameOriginPath } from "../net/same-origin-path";
import { signInWithProvider } from "../services/accounts/provider-sign-in";
import { authorizeCredentials } from "./credentials";
import { gitHubProfileWithEmails, verifiedProviderEmail } from "./provider-email";
import { takeProviderLinkRequest } from "./provider-link";
import { requestSource } from "./request-info";
import { getServerSecret } from "../core/secrets";
import { recordSignInFailure, recordSignInSuccess } from "./sign-in-events";

function oauthProviders() {
  const config = getConfig();
  const providers = [];
  if (config.AUTH_YANDEX_ID && config.AUTH_YANDEX_SECRET)
    providers.push(YandexProvider({ clientId: config.AUTH_YANDEX_ID, clientSecret: config.AUTH_YANDEX_SECRET }));
  if (config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET)
    providers.push(
      GitHubProvider({
        clientId: config.AUTH_GITHUB_ID,
        clientSecret: config.AUTH_GITHUB_SECRET,
        userinfo: { url: "https://api.github.com/user", request: gitHubProfileWithEmails },
      }),
    );
  return providers;
}

/** Ids of the OAuth providers enabled by configuration (the login and account pages show their buttons). */
export function enabledOAuthProviders(): string[] {
  return oauthProviders().map((p) => p.id);
}

/**
 * A provider sign-in: true with `user.id` set to the local user, or the page (and error code) to send the browser
 * to. A link request counts only while the user who made it is still the one signed in here.
 */
async function signInOAuth(user: User, account: Account, profile: Profile | undefined): Promise<true | string> {
  const requestedBy = await takeProviderLinkRequest(account.provider);
  const session = requestedBy ? await getServerSession(authOptions()) : null;
  const sessionUserId = (session?.user as { id?: string } | undefined)?.id;
  const linkingUserId = requestedBy && requestedBy === sessionUserId ? requestedBy : undefined;
  const [db, source] = await Promise.all([getDb(), requestSource()]);
  const outcome = await signInWithProvider(db, {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    verifiedEmail: verifiedProviderEmail(account.provider, profile),
    name: user.name,
    linkingUserId,
  });
  if ("refused" in outcome) {
    if (outcome.userId) await recordSignInFailure(db, outcome.userId, outcome.refused, source);
    return `${linkingUserId ? "/account" : "/login"}?error=${outcome.refused}`;
  }
  user.id = outcome.userId;
  await recordSignInSuccess(db, outcome.userId, account.provider, source);
  return true;
}

export function authOptions(): AuthOptions {
  const config = getConfig();
  // OAuth callbacks are built from NEXTAUTH_URL: the public URL, else this server on localhost.
  process.env.NEXTAUTH_URL ??= config.XROUTER_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  return {
    secret: getServerSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    // Users reach the site over https, so the session cookie never travels over plain http (and gets __Secure-).
    useSecureCookies: config.XROUTER_PUBLIC_URL?.startsWith("https://") ?? false,
    providers: [
      CredentialsProvider({
        name: "email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize: (credentials) =>
          requestSource().then((source) =>
            authorizeCredentials(credentials?.email ?? "", credentials?.password ?? "", source.ip ?? UNKNOWN_CLIENT_IP, source),
          ),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === "credentials") return true;
        return account ? signInOAuth(user, account, profile) : false;
      },
      // The token carries the user id and session version; a password change bumps the version and ends it.
      async jwt({ token, user }) {
        const id = (user?.id ?? token.uid) as string | undefined;
        if (!id) return token;
        const [row] = await (await getDb())
          .select({ role: users.role, sessionVersion: users.sessionVersion, disabledAt: users.disabledAt, kind: users.kind })
          .from(users)
          .where(eq(users.id, id));
        if (!row || row.disabledAt || row.kind !== "person") return { invalid: true };
        if (user) return { ...token, uid: id, sv: row.sessionVersion, role: row.role };
        if (token.sv !== row.sessionVersion) return { invalid: true };
        return { ...token, role: row.role };
      },
      // callbackUrl, e.g. where an OAuth sign-in returns to: only somewhere on this site.
      async redirect({ url, baseUrl }) {
        const path = sameOriginPath(url, baseUrl);
        return path ? new URL(path, baseUrl).href : baseUrl;
      },
      async session({ session, token }) {
        return { ...session, user: token.invalid || !token.uid ? undefined : { ...session.user, id: token.uid as string, role: token.role as string } };
      },
    },
  };
}
