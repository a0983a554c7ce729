import { createHash } from "node:crypto";
import { z } from "zod";
import type { Account } from "./accounts";

/**
 * Prompt-cache affinity: the requests of one conversation (named by `x-session-id`, `prompt_cache_key` or
 * `session_id`) go to the same provider account while it is healthy, so the provider's prefix cache keeps hitting.
 *
 * The account is chosen by rendezvous (highest random weight) hashing of the conversation over the candidate
 * accounts: every instance computes the same choice with no shared state and no store round trip, and when the
 * chosen account drops out (excluded, open breaker, cooling down) the conversation moves to its next account in
 * the same order while the others keep theirs. On top of that, each instance remembers for a while which account
 * last answered a conversation (a bounded in-process LRU): a conversation that had to fall back (its account was
 * failing or full) stays on the account that answered instead of bouncing back and losing that cache too.
 */

export const MAX_SESSION_LENGTH = 256;

/** A conversation id as callers send it: 1-256 printable ASCII characters. */
export const sessionIdSchema = z
  .string()
  .min(1)
  .max(MAX_SESSION_LENGTH, `must be at most ${MAX_SESSION_LENGTH} characters`)
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII");

/**
 * The conversation as routing knows it: a hash of the user and the session id, so one user's id can neither steer
 * nor reveal another's routing, and the raw id is never kept or logged.
 */
export const affinityKey = (userId: string, session: string): string =>
  createHash("sha256").update(`${userId}\n${session}`).digest("base64url");

const unitHash = (text: string): number => {
  const n = createHash("sha256").update(text).digest().readUIntBE(0, 6);
  return (n + 0.5) / 2 ** 48;
};

/**
 * The accounts in the conversation's rendezvous order, each group of equal priority kept together (highest first).
 * Weighted: an account's share of conversations is proportional to its weight (-w / ln u, as in weighted
 * rendezvous hashing).
 */
export function rendezvousOrder(accounts: readonly Account[], key: string, modelId: string): Account[] {
  const score = new Map(accounts.map((a) => [a.id, -Math.max(a.weight, 0.0001) / Math.log(unitHash(`${key}|${modelId}|${a.id}`))]));
  return [...accounts].sort((a, b) => b.priority - a.priority || score.get(b.id)! - score.get(a.id)!);
}

const MAX_REMEMBERED = 10_000;
const REMEMBER_MS = 30 * 60_000;

const g = globalThis as { __xrouterAffinity?: Map<string, { accountId: string; until: number }> };
const remembered = () => (g.__xrouterAffinity ??= new Map());

/** Notes the account that answered a conversation's request (most recent last; the oldest goes past the bound). */
export function rememberAccount(key: string, modelId: string, accountId: string): void {
  const map = remembered();
  const entry = `${key}|${modelId}`;
  map.delete(entry);
  map.set(entry, { accountId, until: Date.now() + REMEMBER_MS });
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value!);
}

/** The account that last answered the conversation on this instance, while remembered. */
export function rememberedAccount(key: string, modelId: string): string | undefined {
  const map = remembered();
  const entry = `${key}|${modelId}`;
  const found = map.get(entry);
  if (!found) return undefined;
  if (found.until <= Date.now()) {
    map.delete(entry);
    return undefined;
  }
  return found.accountId;
}

/**
 * The order a conversation tries `healthy` accounts in (already filtered to what the plan allows): the account that
 * last answered it goes first when it is still among the best-priority healthy ones, else rendezvous order.
 */
export function stickyOrder(healthy: readonly Account[], key: string, modelId: string): Account[] {
  const ordered = rendezvousOrder(healthy, key, modelId);
  const last = rememberedAccount(key, modelId);
  const i = ordered.findIndex((a) => a.id === last);
  if (i <= 0 || ordered[i]!.priority !== ordered[0]!.priority) return ordered;
  return [ordered[i]!, ...ordered.slice(0, i), ...ordered.slice(i + 1)];
}
