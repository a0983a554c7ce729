import type { routingRules } from "../../db/schema";
import { ruleActionSchema, ruleMatchSchema, type RoutingRule } from "../../routing/rules";

export interface RuleView {
  id: string;
  position: number;
  name: string;
  match: RoutingRule["match"];
  action: RoutingRule["action"] | null;
  enabled: boolean;
  /** False when the stored JSON does not parse: the router skips such a rule. */
  valid: boolean;
}

export function toRuleView(row: typeof routingRules.$inferSelect): RuleView {
  const match = ruleMatchSchema.safeParse(row.match);
  const action = ruleActionSchema.safeParse(row.action);
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    match: match.success ? match.data : {},
    action: action.success ? action.data : null,
    enabled: row.enabled,
    valid: match.success && action.success,
  };
}
