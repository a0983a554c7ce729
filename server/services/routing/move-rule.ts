import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { routingRules } from "../../db/schema";
import { invalidateRules } from "../../routing/rules";

/**
 * Moves a rule one place up or down the evaluation order; the order is renumbered 1..n in the same
 * transaction so ties never leave it ambiguous. False when the rule does not exist.
 */
export async function moveRule(db: Db, id: string, direction: "up" | "down"): Promise<boolean> {
  const moved = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: routingRules.id, position: routingRules.position })
      .from(routingRules)
      .orderBy(asc(routingRules.position), asc(routingRules.createdAt))
      .for("update");
    const index = rows.findIndex((r) => r.id === id);
    if (index < 0) return false;
    const target = direction === "up" ? index - 1 : index + 1;
    if (target >= 0 && target < rows.length) [rows[index], rows[target]] = [rows[target]!, rows[index]!];
    for (const [i, row] of rows.entries()) if (row.position !== i + 1) await tx.update(routingRules).set({ position: i + 1 }).where(eq(routingRules.id, row.id));
    return true;
  });
  invalidateRules();
  return moved;
}
