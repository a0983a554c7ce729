import { desc } from "drizzle-orm";
import type { Db } from "../../db";
import { promoCodes } from "../../db/schema";

export interface PromoView {
  code: string;
  amountMicro: number;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
  createdAt: Date;
  /** active, expired (past its expiry) or exhausted (max uses reached). */
  state: "active" | "expired" | "exhausted";
}

/** Every promo code with its uses, newest first (admin page). */
export async function listPromos(db: Db, now = new Date()): Promise<PromoView[]> {
  const rows = await db.select().from(promoCodes).orderBy(desc(promoCodes.createdAt), promoCodes.code).limit(500);
  return rows.map((row) => ({
    code: row.code,
    amountMicro: row.amountMicro,
    expiresAt: row.expiresAt,
    maxUses: row.maxUses,
    uses: row.uses,
    createdAt: row.createdAt,
    state:
      row.expiresAt && row.expiresAt <= now
        ? "expired"
        : row.maxUses != null && row.uses >= row.maxUses
          ? "exhausted"
          : "active",
  }));
}
