import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db";
import { apiKeys, ledger, users } from "../db/schema";
import type { MeterSource } from "./meter";
import { periodStart } from "./periods";

/** Cache misses of the meter, answered by the ledger (the source of truth). */
export function databaseMeterSource(getDb: () => Promise<Db>): MeterSource {
  return {
    async balance(userId) {
      const [row] = await (await getDb()).select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
      return row?.balance ?? 0;
    },
    async keySpend(keyId, period) {
      const [row] = await (await getDb())
        .select({ spent: sql<string>`coalesce(-sum(${ledger.amountMicro}), 0)` })
        .from(ledger)
        .where(and(eq(ledger.keyId, keyId), eq(ledger.kind, "charge"), gte(ledger.createdAt, periodStart(period))));
      return Number(row?.spent ?? 0);
    },
    async memberSpend(walletUserId, memberUserId, period) {
      const [row] = await (await getDb())
        .select({ spent: sql<string>`coalesce(-sum(${ledger.amountMicro}), 0)` })
        .from(ledger)
        .innerJoin(apiKeys, eq(apiKeys.id, ledger.keyId))
        .where(
          and(
            eq(apiKeys.userId, walletUserId),
            eq(apiKeys.createdByUserId, memberUserId),
            eq(ledger.userId, walletUserId),
            eq(ledger.kind, "charge"),
            gte(ledger.createdAt, periodStart(period)),
          ),
        );
      return Number(row?.spent ?? 0);
    },
  };
}
