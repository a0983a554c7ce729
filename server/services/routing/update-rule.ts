import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { routingRules } from "../../db/schema";
import { invalidateRules } from "../../routing/rules";
import { checkRule } from "./check-rule";
import type { RuleInput } from "./rule-input";
import { toRuleView, type RuleView } from "./rule-view";

/** Rewrites a rule (name, match, action, enabled) in place; undefined when it does not exist. */
export async function updateRule(db: Db, id: string, input: Partial<RuleInput>): Promise<RuleView | undefined> {
  if (input.action) await checkRule({ action: input.action });
  const [row] = await db.update(routingRules).set(input).where(eq(routingRules.id, id)).returning();
  invalidateRules();
  return row ? toRuleView(row) : undefined;
}
