import { cookies } from "next/headers";
import { getDb } from "../db";
import { ACCOUNT_COOKIE, resolveActingAccount, type ActingAccount } from "../services/organizations/acting-account";
import { getSessionUser, type SessionUser } from "./session";

/** The account the portal's switcher chose, as the browser sent it (unchecked: resolveActingAccount checks it). */
export async function requestedAccount(): Promise<string | undefined> {
  return (await cookies()).get(ACCOUNT_COOKIE)?.value;
}

/** For route handlers: the signed-in user and the account they act for (membership checked now), or undefined. */
export async function getActingAccount(): Promise<{ user: SessionUser; account: ActingAccount } | undefined> {
  const user = await getSessionUser();
  if (!user) return undefined;
  return { user, account: await resolveActingAccount(await getDb(), user.id, await requestedAccount()) };
}
