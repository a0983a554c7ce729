import { TRPCError } from "@trpc/server";
import { UNKNOWN_CLIENT_IP } from "../net/client-ip";
import { countAttempt, TooManyAttemptsError, type AttemptLimit } from "../store/attempt-counter";

/*
 * Limits on guessing secrets through the portal. Every attempt counts (before it runs, whatever its answer), in a
 * fixed window opened by the first one; past the limit the call fails with TOO_MANY_REQUESTS "too_many_attempts":
 * - promo codes: 10 redemption attempts per user per hour, and 30 per IP per hour across users;
 * - the current password (change password, delete account, one budget): 5 checks per user per 15 minutes.
 */
const HOUR_MS = 60 * 60 * 1000;
const PROMO_PER_USER: AttemptLimit = { limit: 10, windowMs: HOUR_MS };
const PROMO_PER_IP: AttemptLimit = { limit: 30, windowMs: HOUR_MS };
const PASSWORD_CHECKS_PER_USER: AttemptLimit = { limit: 5, windowMs: 15 * 60 * 1000 };

async function countGuess(key: string, limit: AttemptLimit): Promise<void> {
  try {
    await countAttempt(key, limit);
  } catch (err) {
    if (err instanceof TooManyAttemptsError) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "too_many_attempts", cause: err });
    throw err;
  }
}

export async function limitPromoGuesses(userId: string, ip: string | undefined): Promise<void> {
  await countGuess(`promo:user:${userId}`, PROMO_PER_USER);
  await countGuess(`promo:ip:${ip ?? UNKNOWN_CLIENT_IP}`, PROMO_PER_IP);
}

export async function limitPasswordChecks(userId: string): Promise<void> {
  await countGuess(`password-check:${userId}`, PASSWORD_CHECKS_PER_USER);
}
