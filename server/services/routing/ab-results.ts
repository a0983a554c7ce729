import { and, asc, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, feedback, requests, routingRules } from "../../db/schema";
import { queryRows } from "../../db/rows";
import { ruleActionSchema, ruleMatchSchema } from "../../routing/rules";
import { rangeWindow, type AnalyticsRange } from "./routing-analytics";
import { inRange, likeLiteral, statColumns, toStats, type RawStats, type Stats } from "./stats-sql";

export type AbSide = Stats & {
  users: number;
  models: string[];
  avgCostMicro: number | null;
  /** How many of the side's requests users rated (thumbs up or down, from the playground). */
  feedback: number;
  /** Thumbs up / rated requests, 0..1; null without ratings. */
  thumbsUpShare: number | null;
};

export interface AbResult {
  ruleId: string;
  name: string;
  enabled: boolean;
  /** The model the rule's matching traffic asked for (when the rule names models). */
  fromModels: string[];
  toModel: string;
  percent: number;
  a: AbSide;
  b: AbSide;
}

const emptySide = (): AbSide => ({ ...toStats({ requests: 0, errors: 0, p50: null, p95: null, cost: 0 }), users: 0, models: [], avgCostMicro: null, feedback: 0, thumbsUpShare: null });

/**
 * Side-by-side results of every `split` rule over a day range (whole days of the range's zone). B is the traffic
 * the rule sent to its model (the route reason names the rule's A/B); A is the rest of the rule's matching traffic
 * (its models, users and key tags) that stayed on the asked-for model. Each side also counts its users' thumbs
 * up/down (`feedback`).
 */
export async function abResults(db: Db, range: AnalyticsRange): Promise<AbResult[]> {
  const { from, to } = rangeWindow(range);
  const rules = await db.select().from(routingRules).orderBy(asc(routingRules.position));
  const out: AbResult[] = [];
  for (const rule of rules) {
    const action = ruleActionSchema.safeParse(rule.action);
    const match = ruleMatchSchema.safeParse(rule.match);
    if (!action.success || action.data.type !== "split" || !match.success) continue;
    const { models = [], userIds = [], keyTags = [] } = match.data;
    const marker = `%${likeLiteral(`rule '${rule.name}' (A/B:`)}%`;
    const isB = sql`coalesce(${requests.routeReason}, '') like ${marker} escape '\\'`;
    const filters: SQL[] = [inRange(from, to), sql`${requests.endpoint} = 'chat.completions'`];
    filters.push(models.length ? sql`(${isB} or ${inArray(requests.model, models)})` : sql`true`);
    if (userIds.length) filters.push(inArray(requests.userId, userIds));
    if (keyTags.length) filters.push(sql`${apiKeys.tags} && array[${sql.join(keyTags.map((t) => sql`${t}`), sql`, `)}]::text[]`);
    // feedback.request_id is its primary key: the join adds at most one row per request, so the stats hold.
    const rows = await queryRows<RawStats & { side: "a" | "b"; users: number; models: string[] | string; rated: number; up: number }>(
      db,
      sql`select case when ${isB} then 'b' else 'a' end as "side", count(distinct ${requests.userId})::int as "users",
                 array_agg(distinct ${requests.model}) as "models", ${statColumns},
                 count(${feedback.requestId})::int as "rated", (count(*) filter (where ${feedback.rating} > 0))::int as "up"
          from ${requests} left join ${apiKeys} on ${apiKeys.id} = ${requests.keyId}
               left join ${feedback} on ${feedback.requestId} = ${requests.id}
          where ${and(...filters)} group by 1`,
    );
    const result: AbResult = { ruleId: rule.id, name: rule.name, enabled: rule.enabled, fromModels: models, toModel: action.data.to, percent: action.data.percent, a: emptySide(), b: emptySide() };
    for (const row of rows) {
      const stats = toStats(row);
      const list = Array.isArray(row.models) ? row.models : String(row.models).replace(/^\{|\}$/g, "").split(",").filter(Boolean);
      const rated = Number(row.rated);
      result[row.side] = {
        ...stats,
        users: Number(row.users),
        models: list,
        avgCostMicro: stats.requests ? Math.round(stats.costMicro / stats.requests) : null,
        feedback: rated,
        thumbsUpShare: rated ? Number(row.up) / rated : null,
      };
    }
    out.push(result);
  }
  return out;
}
