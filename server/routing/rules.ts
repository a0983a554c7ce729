import { asc, eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { z } from "zod";
import { reloadingValue } from "../cache/reloading-value";
import { getDb } from "../db";
import { routingRules } from "../db/schema";

export const ruleMatchSchema = z.object({
  keyTags: z.array(z.string()).optional(),
  userIds: z.array(z.string()).optional(),
  models: z.array(z.string()).optional(),
});

export const ruleActionSchema = z.discriminatedUnion("type", [
  /** Only these providers may serve the request (e.g. keys tagged `ru-only` stay on domestic providers). */
  z.object({ type: z.literal("providers"), only: z.array(z.string()).min(1) }),
  /** Sends `percent` of the matching traffic to another model, sticky per user (an A/B test). */
  z.object({ type: z.literal("split"), to: z.string().min(1), percent: z.number().min(0).max(100) }),
]);

export interface RoutingRule {
  id: string;
  name: string;
  match: z.infer<typeof ruleMatchSchema>;
  action: z.infer<typeof ruleActionSchema>;
}

export interface RuleSubject {
  userId: string;
  keyTags: string[];
  model: string;
}

async function load(): Promise<RoutingRule[]> {
  const rows = await (await getDb()).select().from(routingRules).where(eq(routingRules.enabled, true)).orderBy(asc(routingRules.position));
  return rows.flatMap((row) => {
    const match = ruleMatchSchema.safeParse(row.match);
    const action = ruleActionSchema.safeParse(row.action);
    return match.success && action.success ? [{ id: row.id, name: row.name, match: match.data, action: action.data }] : [];
  });
}

const rules = reloadingValue("rules", load, { reloadAfterMs: 8_000, expireAfterMs: 10_000 });

/** The enabled rules in order, cached for a few seconds. */
export const getRules = (): Promise<RoutingRule[]> => rules.get();

export const invalidateRules = (): void => rules.invalidate();

export function ruleMatches(rule: RoutingRule, subject: RuleSubject): boolean {
  const { keyTags, userIds, models } = rule.match;
  if (keyTags?.length && !keyTags.some((t) => subject.keyTags.includes(t))) return false;
  if (userIds?.length && !userIds.includes(subject.userId)) return false;
  if (models?.length && !models.includes(subject.model)) return false;
  return true;
}

/** A user's stable bucket 0-99 for a rule: the same user always lands on the same side of a split. */
export function stickyBucket(ruleId: string, userId: string): number {
  return createHash("sha256").update(`${ruleId}:${userId}`).digest().readUInt32BE(0) % 100;
}
