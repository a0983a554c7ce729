import { eq } from "drizzle-orm";
import type { AuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import YandexProvider from "next-auth/providers/yandex";
import { getConfig } from "../config";
import { getDb } from "../db";
import { users } from "../db/schema";
import { createUser, normalizeEmail } from "../services/users/create-user";
import { findUserByEmail } from "../services/users/find-user-by-email";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess, TooManyAttemptsError } from "./login-guard";
import { verifyPassword } from "./password";
import { getServerSecret } from "./secrets";

function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : undefined;
  return first || String(headers?.["x-real-ip"] ?? "local");
}

async function authorizeCredentials(email: string, password: string, ip: string): Promise<User> {
  const normalized = normalizeEmail(email);
  try {
    await assertLoginAllowed(ip, normalized);
  } catch (err) {
    if (err instanceof TooManyAttemptsError) throw new Error(`locked:${err.retryAfterSeconds}`);
    throw err;
  }
  const user = await findUserByEmail(await getDb(), normalized);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    await recordLoginFailure(normalized);
    throw new Error("invalid");
  }
  if (user.disabledAt) throw new Error("disabled");
  if (!user.emailVerified) throw new Error("unverified");
  await recordLoginSuccess(normalized);
  return { id: user.id, email: user.email, name: user.name };
}

function oauthProviders() {
  const config = getConfig();
  const providers = [];
  if (config.AUTH_YANDEX_ID && config.AUTH_YANDEX_SECRET)
    providers.push(YandexProvider({ clientId: config.AUTH_YANDEX_ID, clientSecret: config.AUTH_YANDEX_SECRET }));
  if (config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET)
    providers.push(GitHubProvider({ clientId: config.AUTH_GITHUB_ID, clientSecret: config.AUTH_GITHUB_SECRET }));
  return providers;
}

/** Ids of the OAuth providers enabled by configuration (the login page shows their buttons). */
export function enabledOAuthProviders(): string[] {
  return oauthProviders().map((p) => p.id);
}

/** A user signing in with an OAuth provider for the first time gets an account with a verified email. */
async function userForOAuth(email: string, name?: string | null) {
  const db = await getDb();
  return (await findUserByEmail(db, email)) ?? createUser(db, { email, name: name ?? undefined, emailVerified: new Date() });
}

export function authOptions(): AuthOptions {
  const config = getConfig();
  // OAuth callbacks are built from NEXTAUTH_URL: the public URL, else this server on localhost.
  process.env.NEXTAUTH_URL ??= config.XROUTER_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  return {
    secret: getServerSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    useSecureCookies: config.NODE_ENV === "production" && (config.XROUTER_PUBLIC_URL ?? "").startsWith("https://"),
    providers: [
      CredentialsProvider({
        name: "email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize: (credentials, req) =>
          authorizeCredentials(credentials?.email ?? "", credentials?.password ?? "", clientIp(req?.headers)),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        if (!user.email) return false;
        const local = await userForOAuth(user.email, user.name);
        if (local.disabledAt) return false;
        user.id = local.id;
        return true;
      },
      // The token carries the user id and session version; a password change bumps the version and ends it.
      async jwt({ token, user }) {
        const id = (user?.id ?? token.uid) as string | undefined;
        if (!id) return token;
        const [row] = await (await getDb())
          .select({ role: users.role, sessionVersion: users.sessionVersion, disabledAt: users.disabledAt })
          .from(users)
          .where(eq(users.id, id));
        if (!row || row.disabledAt) return { invalid: true };
        if (user) return { ...token, uid: id, sv: row.sessionVersion, role: row.role };
        if (token.sv !== row.sessionVersion) return { invalid: true };
        return { ...token, role: row.role };
      },
      async session({ session, token }) {
        return { ...session, user: token.invalid || !token.uid ? undefined : { ...session.user, id: token.uid as string, role: token.role as string } };
      },
    },
  };
}
