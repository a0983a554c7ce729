import { getConfig } from "../config";
import { getStore } from "../store";
import { countAttempt, secondsLeft, TooManyAttemptsError } from "../store/attempt-counter";

/*
 * Password login policy. Nobody elsewhere can lock an owner out, and guessing stays slow:
 *
 * 1. Per (email, IP): the first 5 wrong passwords cost nothing. After the n-th failure (n ≥ 5) the pair waits
 *    2^(n-5) s before its next password check: 1 s, 2 s, 4 s, … capped at 15 min, and only one check runs per
 *    wait. Failures are counted for 24 h from the pair's first failure; a correct password clears the pair.
 * 2. Per email, across all IPs: once 100 wrong passwords arrive within an hour (counted from the first), the
 *    email refuses password checks until that hour ends, except from an IP that logged in to it successfully in
 *    the last 30 days (such an IP still follows rule 1). So a correct password from an IP with no recent failures
 *    works unless this cap is reached, and the owner's usual IPs work even then.
 * 3. Per IP, across all emails: at most XROUTER_LOGIN_ATTEMPTS_PER_IP (30) login attempts per 15 min (spraying).
 * Refused attempts check no password and count as no failure. Sign-up and reset mails: 10 per IP per hour.
 */
const PAIR_FREE_FAILURES = 5;
const PAIR_FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;
const PAIR_MAX_WAIT_MS = 15 * 60 * 1000;
const EMAIL_MAX_FAILURES = 100;
const EMAIL_FAILURE_WINDOW_MS = 60 * 60 * 1000;
const KNOWN_IP_MS = 30 * 24 * 60 * 60 * 1000;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const SIGNUPS_PER_IP = { limit: 10, windowMs: 60 * 60 * 1000 };

const keys = (ip: string, email: string) => ({
  pairFailures: `login:pair-fail:${email}:${ip}`,
  pairWait: `login:pair-wait:${email}:${ip}`,
  emailFailures: `login:email-fail:${email}`,
  knownIp: `login:known:${email}:${ip}`,
});

/** How long a pair waits before its next password check after `failures` wrong ones. */
export function pairWaitMs(failures: number): number {
  if (failures < PAIR_FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - PAIR_FREE_FAILURES), PAIR_MAX_WAIT_MS);
}

/** Before checking a password: throws TooManyAttemptsError when the policy above refuses this attempt. */
export async function assertLoginAllowed(ip: string, email: string): Promise<void> {
  await countAttempt(`login:ip:${ip}`, { limit: getConfig().XROUTER_LOGIN_ATTEMPTS_PER_IP, windowMs: LOGIN_WINDOW_MS });
  const store = getStore();
  const key = keys(ip, email);
  const [pairFailures, emailFailures, knownIp] = await store.getMany([key.pairFailures, key.emailFailures, key.knownIp]);
  if (Number(emailFailures) >= EMAIL_MAX_FAILURES && knownIp === null)
    throw new TooManyAttemptsError(await secondsLeft(key.emailFailures));
  const wait = pairWaitMs(Number(pairFailures));
  // Taking the wait as this attempt's own slot lets exactly one of several parallel attempts through.
  if (wait && !(await store.setIfAbsent(key.pairWait, "1", wait))) throw new TooManyAttemptsError(await secondsLeft(key.pairWait));
}

/**
 * After a wrong password (or an unknown email: the same counts, so answers do not tell them apart). Returns how
 * many more wrong passwords the pair has before its waits start, so the page can warn before the last one.
 */
export async function recordLoginFailure(ip: string, email: string): Promise<number> {
  const store = getStore();
  const key = keys(ip, email);
  const failures = await store.incr(key.pairFailures, 1, PAIR_FAILURE_WINDOW_MS);
  await store.incr(key.emailFailures, 1, EMAIL_FAILURE_WINDOW_MS);
  const wait = pairWaitMs(failures);
  if (wait) await store.set(key.pairWait, "1", wait);
  return Math.max(0, PAIR_FREE_FAILURES - failures);
}

export async function recordLoginSuccess(ip: string, email: string): Promise<void> {
  const store = getStore();
  const key = keys(ip, email);
  await Promise.all([store.del(key.pairFailures), store.del(key.pairWait), store.set(key.knownIp, "1", KNOWN_IP_MS)]);
}

export async function assertSignupAllowed(ip: string): Promise<void> {
  await countAttempt(`signup:ip:${ip}`, SIGNUPS_PER_IP);
}
