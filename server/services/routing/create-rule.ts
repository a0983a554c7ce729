import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { routingRules } from "../../db/schema";
import { newId } from "../../ids";
import { invalidateRules } from "../../routing/rules";
import { checkRule } from "./check-rule";
import type { RuleInput } from "./rule-input";
import { toRuleView, type RuleView } from "./rule-view";

/** Adds a rule at the end of the order. */
export async function createRule(db: Db, input: RuleInput): Promise<RuleView> {
  await checkRule(input);
  const row = await db.transaction(async (tx) => {
    const [last] = await tx.select({ max: sql<number>`coalesce(max(${routingRules.position}), 0)`.mapWith(Number) }).from(routingRules);
    const [inserted] = await tx
      .insert(routingRules)
      .values({ id: newId("rule"), position: (last?.max ?? 0) + 1, name: input.name, match: input.match, action: input.action, enabled: input.enabled })
      .returning();
    return inserted!;
  });
  invalidateRules();
  return toRuleView(row);
}
