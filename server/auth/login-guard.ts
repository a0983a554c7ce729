import { getStore } from "../store";

const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
const MAX_ATTEMPTS_PER_IP = 30;
const LOCKOUT_MS = 15 * 60 * 1000;
const MAX_SIGNUPS_PER_IP_HOUR = 10;

export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
  }
}

async function lockedFor(key: string): Promise<number> {
  const ttl = await getStore().ttl(key);
  return ttl > 0 ? Math.ceil(ttl / 1000) : 0;
}

/** Before checking a password: refuses while the email is locked out or the IP has made too many attempts. */
export async function assertLoginAllowed(ip: string, email: string): Promise<void> {
  const store = getStore();
  const emailLock = await lockedFor(`login:lock:${email}`);
  if (emailLock) throw new TooManyAttemptsError(emailLock);
  const attempts = await store.incr(`login:ip:${ip}`, 1, WINDOW_MS);
  if (attempts > MAX_ATTEMPTS_PER_IP) throw new TooManyAttemptsError(Math.ceil((await store.ttl(`login:ip:${ip}`)) / 1000));
}

/** After a wrong password: the fifth failure within 15 minutes locks the email for 15 minutes. */
export async function recordLoginFailure(email: string): Promise<void> {
  const store = getStore();
  const failures = await store.incr(`login:fail:${email}`, 1, WINDOW_MS);
  if (failures >= MAX_FAILURES_PER_EMAIL) {
    await store.set(`login:lock:${email}`, "1", LOCKOUT_MS);
    await store.del(`login:fail:${email}`);
  }
}

export async function recordLoginSuccess(email: string): Promise<void> {
  await getStore().del(`login:fail:${email}`);
}

export async function assertSignupAllowed(ip: string): Promise<void> {
  const key = `signup:ip:${ip}`;
  const count = await getStore().incr(key, 1, 60 * 60 * 1000);
  if (count > MAX_SIGNUPS_PER_IP_HOUR) throw new TooManyAttemptsError(Math.ceil((await getStore().ttl(key)) / 1000));
}
