import { inArray, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { queryRows } from "../../db/rows";
import { organizations } from "../../db/schema";

export interface LedgerProblem {
  userId: string;
  /** The organization whose wallet `userId` is, when it is one. */
  organization?: string;
  problem: "balance_differs_from_ledger" | "balance_after_broken";
  detail: string;
}

/**
 * Verifies the ledger: every balance equals the sum of its user's rows, and each row's balance_after
 * equals the running sum up to it. An empty list means clean. Organizations' wallets are users rows, so they are
 * checked alike (`organizations` counts them; a problem of one names its organization).
 */
export async function checkLedger(db: Db): Promise<{ users: number; organizations: number; rows: number; problems: LedgerProblem[] }> {
  const sums = await queryRows<{ id: string; balance: string; sum: string }>(db, sql`
    select u.id, u.balance_micro as balance, coalesce(sum(l.amount_micro), 0) as sum
    from users u left join ledger l on l.user_id = u.id
    group by u.id having u.balance_micro <> coalesce(sum(l.amount_micro), 0)`);
  const chains = await queryRows<{ user_id: string; id: string; balance_after: string; running: string }>(db, sql`
    select user_id, id, balance_after, running from (
      select user_id, id, balance_after_micro as balance_after,
        sum(amount_micro) over (partition by user_id order by id) as running
      from ledger) t
    where balance_after <> running
    limit 100`);
  const [counts] = await queryRows<{ users: string; organizations: string; rows: string }>(
    db,
    sql`select (select count(*) from users where kind = 'person') as users, (select count(*) from users where kind = 'organization') as organizations,
      (select count(*) from ledger) as rows`,
  );
  const problems: LedgerProblem[] = [
    ...sums.map((r) => ({ userId: r.id, problem: "balance_differs_from_ledger" as const, detail: `balance ${r.balance}, ledger sum ${r.sum}` })),
    ...chains.map((r) => ({ userId: r.user_id, problem: "balance_after_broken" as const, detail: `row ${r.id}: balance_after ${r.balance_after}, running sum ${r.running}` })),
  ];
  const wallets = problems.length
    ? await db
        .select({ walletUserId: organizations.walletUserId, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.walletUserId, [...new Set(problems.map((p) => p.userId))]))
    : [];
  const orgOf = new Map(wallets.map((w) => [w.walletUserId, w.name]));
  return {
    users: Number(counts?.users ?? 0),
    organizations: Number(counts?.organizations ?? 0),
    rows: Number(counts?.rows ?? 0),
    problems: problems.map((p) => (orgOf.has(p.userId) ? { ...p, organization: orgOf.get(p.userId) } : p)),
  };
}
