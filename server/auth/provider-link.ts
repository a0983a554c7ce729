import { cookies } from "next/headers";
import { getStore } from "../store";

const COOKIE = "xrouter-provider-link";
const LINK_TTL_MS = 10 * 60 * 1000;

const storeKey = (nonce: string) => `provider-link:${nonce}`;

/**
 * A signed-in user asks to link a provider account: the next sign-in with that provider in this browser (within
 * 10 minutes) links to this user instead of signing in by email. The store holds who asked; the cookie holds
 * only an unguessable nonce.
 */
export async function requestProviderLink(userId: string, provider: string): Promise<void> {
  const nonce = crypto.randomUUID();
  await getStore().set(storeKey(nonce), JSON.stringify({ userId, provider }), LINK_TTL_MS);
  (await cookies()).set(COOKIE, nonce, { httpOnly: true, sameSite: "lax", path: "/", maxAge: LINK_TTL_MS / 1000 });
}

/** The user who asked this browser to link `provider`, once (the request is used up); undefined without one. */
export async function takeProviderLinkRequest(provider: string): Promise<string | undefined> {
  const nonce = (await cookies()).get(COOKIE)?.value;
  if (!nonce) return undefined;
  const store = getStore();
  const saved = await store.get(storeKey(nonce));
  if (!saved) return undefined;
  await store.del(storeKey(nonce));
  const request = JSON.parse(saved) as { userId: string; provider: string };
  return request.provider === provider ? request.userId : undefined;
}
