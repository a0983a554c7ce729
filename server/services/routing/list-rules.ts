import { asc } from "drizzle-orm";
import type { Db } from "../../db";
import { routingRules } from "../../db/schema";
import { toRuleView, type RuleView } from "./rule-view";

/** Every routing rule (enabled or not) in evaluation order. */
export async function listRules(db: Db): Promise<RuleView[]> {
  const rows = await db.select().from(routingRules).orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  return rows.map(toRuleView);
}
