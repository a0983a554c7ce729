import { getStore } from "./index";

/** Refused because a guessing limit was reached; `retryAfterSeconds` says when the next attempt may come. */
export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many attempts; try again in ${retryAfterSeconds} s`);
    this.name = "TooManyAttemptsError";
  }
}

export interface AttemptLimit {
  limit: number;
  windowMs: number;
}

/** Whole seconds until the key expires (at least 1, so a refusal never says "retry in 0 s"). */
export async function secondsLeft(key: string): Promise<number> {
  return Math.max(1, Math.ceil((await getStore().ttl(key)) / 1000));
}

/**
 * Counts one attempt under `key` in a fixed window that opens with the first attempt; past `limit` the attempt is
 * refused. Counting before the attempt runs (one atomic increment) keeps parallel requests from slipping through.
 */
export async function countAttempt(key: string, { limit, windowMs }: AttemptLimit): Promise<void> {
  if ((await getStore().incr(key, 1, windowMs)) > limit) throw new TooManyAttemptsError(await secondsLeft(key));
}
