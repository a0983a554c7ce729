import { asc, eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { z } from "zod";
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

const REFRESH_MS = 10_000;
const REFRESH_AHEAD_MS = 2_000;
let reloading = false;
const g = globalThis as { __xrouterRules?: { loadedAt: number; rules: Promise<RoutingRule[]> } };

async function load(): Promise<RoutingRule[]> {
  const rows = await (await getDb()).select().from(routingRules).where(eq(routingRules.enabled, true)).orderBy(asc(routingRules.position));
  return rows.flatMap((row) => {
    const match = ruleMatchSchema.safeParse(row.match);
    const action = ruleActionSchema.safeParse(row.action);
    return match.success && action.success ? [{ id: row.id, name: row.name, match: match.data, action: action.data }] : [];
  });
}

/** The enabled rules in order, cached for a few seconds. */
export async function getRules(): Promise<RoutingRule[]> {
  const now = Date.now();
  const current = g.__xrouterRules;
  if (!current || now - current.loadedAt > REFRESH_MS) g.__xrouterRules = { loadedAt: now, rules: load() };
  else if (now - current.loadedAt > REFRESH_MS - REFRESH_AHEAD_MS && !reloading) {
    // Reloaded in the background shortly before due, so requests never wait for the database.
    reloading = true;
    const rules = load();
    rules
      .then(
        () => {
          if (g.__xrouterRules === current) g.__xrouterRules = { loadedAt: now, rules };
        },
        () => undefined,
      )
      .finally(() => (reloading = false));
  }
  return g.__xrouterRules!.rules;
}

export function invalidateRules(): void {
  g.__xrouterRules = undefined;
}

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
