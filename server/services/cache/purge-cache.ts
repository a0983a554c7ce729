import type { Principal } from "../../core/principal";
import { cacheScope } from "../../gateway/cache/cache-key";
import { purgeAllAnswers, purgeScope } from "../../gateway/cache/response-cache";
import { purgeAllSemantic, purgeSemanticScope } from "../../gateway/cache/semantic-store";

/**
 * DELETE /api/v1/cache: forgets the caller's cached answers, in O(1) (the scope's namespace gets a new version; the
 * old entries expire by their TTL). A key that does not share purges its own namespace, any other key the user's
 * (its non-sharing keys' too). The semantic cache's rows of the scope are deleted as well (the new version already
 * hid them).
 */
export async function purgeCallerCache(principal: Principal): Promise<{ purged: true; scope: "user" | "key" }> {
  const scope = cacheScope(principal);
  await purgeScope(scope);
  await purgeSemanticScope(scope, principal.userId);
  return { purged: true, scope: scope.kind };
}

/** The admin's purge of every user's cached answers, semantic rows included. */
export async function purgeAllCache(): Promise<void> {
  await purgeAllAnswers();
  await purgeAllSemantic();
}
