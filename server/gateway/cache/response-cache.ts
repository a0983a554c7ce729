import type { BilledUsage } from "../../billing/cost";
import { getLogger } from "../../logging/logger";
import { getMetrics } from "../../metrics/registry";
import { getStore } from "../../store";
import { ALL_VERSION_KEY, purgedVersionKey, type CacheScope } from "./cache-key";
import { MAX_CACHE_TTL_SECONDS } from "./directive";
import type { SemanticSlot } from "./semantic-store";

/** What is kept of a complete, successful answer: enough to replay it and to price it again. */
export interface CachedAnswer {
  /** The catalog model that answered, and where it ran. */
  model: string;
  provider: string;
  upstreamModel: string;
  /** The price row the original answer was charged at (a hit is charged at the model's current price). */
  priceId: number;
  usage: BilledUsage;
  finishReason: string | null;
  /** Epoch ms the answer was made. */
  createdAt: number;
  /** The endpoint's own form of the answer (chat: the completion; embeddings: the vectors). */
  body: unknown;
}

/** Bigger answers are not cached. */
export const MAX_ENTRY_BYTES = 1024 * 1024;

/**
 * Version keys outlive every entry written under them: a purge sets a fresh version with this lifetime, so when the
 * key finally expires (reading "0" again) every entry written before that purge is gone too.
 */
const VERSION_TTL_MS = (MAX_CACHE_TTL_SECONDS + 24 * 60 * 60) * 1000;

/** A kept answer found for a request: by its exact key, or (semantic-hit) by a near-duplicate last user message. */
export interface FoundAnswer {
  answer: CachedAnswer;
  result: "hit" | "semantic-hit";
  /** A semantic hit's cosine similarity. */
  similarity?: number;
}

/**
 * Where a lookup looked: the answer is kept there on a miss, under the namespace versions read with the lookup;
 * with the semantic cache, its embedding row too.
 */
export interface CacheSlot {
  key: string;
  semantic?: SemanticSlot;
}

/** One store round trip: the scope's namespace versions and the entry under them. */
export async function lookupAnswer(scope: CacheScope, hash: string): Promise<{ slot: CacheSlot; versions: string; answer?: CachedAnswer }> {
  const { versions, value } = await getStore().getVersioned(scope.versions, scope.prefix, `:${hash}`);
  const slot = { key: `${scope.prefix}${versions}:${hash}` };
  if (value === null) return { slot, versions };
  try {
    return { slot, versions, answer: JSON.parse(value) as CachedAnswer };
  } catch {
    return { slot, versions };
  }
}

/**
 * Keeps an answer in its slot, off the hot path; false (nothing kept) for an answer bigger than MAX_ENTRY_BYTES.
 */
export function keepAnswer(slot: CacheSlot, answer: CachedAnswer, ttlSeconds: number): boolean {
  const value = JSON.stringify(answer);
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_ENTRY_BYTES) return false;
  getStore()
    .setEvictable(slot.key, value, ttlSeconds * 1000)
    .then(() => getMetrics().cacheWrittenBytes.inc(bytes))
    .catch((err: unknown) => getLogger().warn({ err }, "could not keep an answer in the response cache"));
  return true;
}

/** Purges a scope in O(1): its namespace gets a new version, so its entries are no longer found (they expire by TTL). */
export async function purgeScope(scope: CacheScope): Promise<void> {
  await getStore().set(purgedVersionKey(scope), crypto.randomUUID(), VERSION_TTL_MS);
}

/** Purges every cached answer of every user. */
export async function purgeAllAnswers(): Promise<void> {
  await getStore().set(ALL_VERSION_KEY, crypto.randomUUID(), VERSION_TTL_MS);
}
