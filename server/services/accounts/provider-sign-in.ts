import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { accounts, users } from "../../db/schema";
import { createUser } from "../users/create-user";
import { findUserByEmail } from "../users/find-user-by-email";

export type ProviderSignInRefusal = "link_required" | "link_taken" | "disabled";

export interface ProviderSignInFacts {
  /** The user this provider account is already linked to. */
  linkedUserId?: string;
  /** The signed-in user who asked, from their session, to link this provider account. */
  linkingUserId?: string;
  /** The email the provider says is verified; undefined when it says none is. */
  verifiedEmail?: string;
  /** The user who has `verifiedEmail`. */
  verifiedEmailOwnerId?: string;
}

export type ProviderSignInDecision =
  | { action: "sign-in"; userId: string }
  | { action: "link"; userId: string }
  | { action: "create"; email: string }
  | { action: "refuse"; reason: Exclude<ProviderSignInRefusal, "disabled"> };

/**
 * Who a provider sign-in becomes. A link, once made, decides alone (emails may change on either side). Without
 * one, only a signed-in user's request or an email the provider verified may make it: an unverified email
 * attaches to nothing and creates nothing, whether or not an account has it (the answer must not tell).
 */
export function decideProviderSignIn(facts: ProviderSignInFacts): ProviderSignInDecision {
  const { linkedUserId, linkingUserId, verifiedEmail, verifiedEmailOwnerId } = facts;
  if (linkedUserId) {
    if (linkingUserId && linkingUserId !== linkedUserId) return { action: "refuse", reason: "link_taken" };
    return { action: "sign-in", userId: linkedUserId };
  }
  if (linkingUserId) return { action: "link", userId: linkingUserId };
  if (!verifiedEmail) return { action: "refuse", reason: "link_required" };
  if (verifiedEmailOwnerId) return { action: "link", userId: verifiedEmailOwnerId };
  return { action: "create", email: verifiedEmail };
}

export interface ProviderSignIn {
  provider: string;
  providerAccountId: string;
  verifiedEmail?: string;
  name?: string | null;
  linkingUserId?: string;
}

/** Carries out the decision: links or creates as decided; the user id to sign in as, or why not. */
export async function signInWithProvider(db: Db, input: ProviderSignIn): Promise<{ userId: string } | { refused: ProviderSignInRefusal; userId?: string }> {
  const [link] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, input.provider), eq(accounts.providerAccountId, input.providerAccountId)));
  const owner = input.verifiedEmail && !link && !input.linkingUserId ? await findUserByEmail(db, input.verifiedEmail) : undefined;
  const decision = decideProviderSignIn({
    linkedUserId: link?.userId,
    linkingUserId: input.linkingUserId,
    verifiedEmail: input.verifiedEmail,
    verifiedEmailOwnerId: owner?.id,
  });
  if (decision.action === "refuse") return { refused: decision.reason };
  if (decision.action === "create") {
    const user = await createUser(db, { email: decision.email, name: input.name ?? undefined, emailVerified: new Date() });
    await linkProviderAccount(db, user.id, input);
    return { userId: user.id };
  }
  const [target] = await db
    .select({ disabledAt: users.disabledAt, emailVerified: users.emailVerified, kind: users.kind })
    .from(users)
    .where(eq(users.id, decision.userId));
  // An organization's wallet never signs in, whatever link or address leads to it.
  if (!target || target.disabledAt || target.kind !== "person") return { refused: "disabled", userId: decision.userId };
  if (decision.action === "link") {
    await linkProviderAccount(db, decision.userId, input);
    if (decision.userId === owner?.id && !target.emailVerified) await takeOverUnprovenAccount(db, decision.userId);
  }
  return { userId: decision.userId };
}

async function linkProviderAccount(db: Db, userId: string, input: ProviderSignIn): Promise<void> {
  await db
    .insert(accounts)
    .values({ userId, type: "oauth", provider: input.provider, providerAccountId: input.providerAccountId })
    .onConflictDoNothing();
}

/**
 * The provider just proved the mailbox of an account whose owner never did: whoever set its password may not own
 * the address (a squatter waiting for the real owner), so the password and sessions go and the email counts as
 * verified. The owner can set a password again through "forgot password".
 */
async function takeOverUnprovenAccount(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: null, emailVerified: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
