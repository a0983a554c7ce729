import type { Logger } from "pino";
import type { Db } from "../../db";
import type { topups } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import type { YooKassaClient } from "../../payments";

/** What the top-up verbs need: the database and the YooKassa client (installed by the runtime, or a test's own). */
export interface TopupDeps {
  db: Db;
  payments: YooKassaClient;
  log?: Logger;
}

export type TopupRow = typeof topups.$inferSelect;

/** A top-up as the portal shows it (never the idempotence key). */
export interface TopupView {
  id: string;
  status: TopupRow["status"];
  amountMicro: number;
  cancellationReason: string | null;
  test: boolean | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toView(row: TopupRow): TopupView {
  return {
    id: row.id,
    status: row.status,
    amountMicro: row.amountMicro,
    cancellationReason: row.cancellationReason,
    test: row.test,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function logOf(deps: Pick<TopupDeps, "log">): Logger {
  return deps.log ?? getLogger();
}
