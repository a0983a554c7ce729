import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, requests, users } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import { MICRO_PER_RUB } from "../../money";
import { publicUrl } from "../../core/public-url";
import { recordAuditEvent } from "../audit/record-event";
import { sendMail } from "../mail/send-mail";
import { spendAnomalyMail } from "./spend-anomaly-mail";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const spendAnomalySettings = {
  /** The last hour is unusual when it cost more than this many times the key's average day. */
  factor: 10,
  /** The days before the last hour that make the average. */
  baselineDays: 7,
  /** An hour cheaper than this is never reported, so small keys are not mailed over pocket money. */
  minHourMicro: 10 * MICRO_PER_RUB,
  /** Younger keys have no history to compare with: a new key's first busy hour is not an anomaly. */
  minKeyAgeMs: DAY_MS,
  /** The owner hears of the same key at most this often. */
  renotifyMs: DAY_MS,
};

export interface SpendAnomaly {
  keyId: string;
  userId: string;
  hourMicro: number;
  dailyAverageMicro: number;
  paused: boolean;
}

/**
 * Finds keys whose last hour cost more than `factor` times their average day (over the `baselineDays` before the
 * hour, or the key's whole life when shorter), records each as an audit event, pauses the ones whose owner asked
 * for it (disabled with reason `spend_anomaly`) and mails the owner. The key is claimed with one conditional update,
 * so concurrent checks (several instances) report it once. Runs in the background, never on a request's path.
 */
export async function checkSpendAnomalies(db: Db, options: { now?: Date; baseUrl?: string } = {}): Promise<SpendAnomaly[]> {
  const settings = spendAnomalySettings;
  const now = options.now ?? new Date();
  const hourStart = new Date(now.getTime() - HOUR_MS);
  const baselineStart = new Date(hourStart.getTime() - settings.baselineDays * DAY_MS);
  const renotifyBefore = new Date(now.getTime() - settings.renotifyMs);

  const busy = await db
    .select({ keyId: requests.keyId, spent: sql<string>`sum(${requests.costMicro})` })
    .from(requests)
    .where(and(gte(requests.createdAt, hourStart), lte(requests.createdAt, now), isNotNull(requests.keyId)))
    .groupBy(requests.keyId)
    .having(sql`sum(${requests.costMicro}) >= ${settings.minHourMicro}`);
  if (busy.length === 0) return [];
  const hourByKey = new Map(busy.map((row) => [row.keyId!, Number(row.spent)]));

  const notYetReported = or(isNull(apiKeys.anomalyNotifiedAt), lt(apiKeys.anomalyNotifiedAt, renotifyBefore));
  const candidates = await db
    .select({
      id: apiKeys.id,
      userId: apiKeys.userId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      pauseOnAnomaly: apiKeys.pauseOnAnomaly,
      email: users.email,
      locale: users.locale,
      // Qualified by hand: inside the subquery an unqualified "id" would be the request's.
      baseline: sql<string>`coalesce((select sum(r.cost_micro) from requests r where r.key_id = "api_keys"."id"
        and r.created_at >= ${baselineStart.toISOString()} and r.created_at < ${hourStart.toISOString()}), 0)`,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        inArray(apiKeys.id, [...hourByKey.keys()]),
        isNull(apiKeys.revokedAt),
        isNull(apiKeys.disabledAt),
        isNull(users.disabledAt),
        lte(apiKeys.createdAt, new Date(now.getTime() - settings.minKeyAgeMs)),
        notYetReported,
      ),
    );

  const found: SpendAnomaly[] = [];
  for (const key of candidates) {
    const hourMicro = hourByKey.get(key.id)!;
    const historyMs = hourStart.getTime() - Math.max(key.createdAt.getTime(), baselineStart.getTime());
    const dailyAverageMicro = Math.round(Number(key.baseline) / Math.max(1, historyMs / DAY_MS));
    if (hourMicro <= settings.factor * dailyAverageMicro) continue;

    const paused = key.pauseOnAnomaly;
    const claimed = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(apiKeys)
        .set(paused ? { anomalyNotifiedAt: now, disabledAt: now, disabledReason: "spend_anomaly" } : { anomalyNotifiedAt: now })
        .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt), isNull(apiKeys.disabledAt), notYetReported))
        .returning({ id: apiKeys.id });
      if (!row) return false;
      await recordAuditEvent(tx, {
        kind: "key.spend_anomaly",
        userId: key.userId,
        actorId: null,
        subject: key.id,
        data: { name: key.name, hourMicro, dailyAverageMicro, paused },
      });
      return true;
    });
    if (!claimed) continue;
    found.push({ keyId: key.id, userId: key.userId, hourMicro, dailyAverageMicro, paused });

    const keysUrl = `${(options.baseUrl ?? publicUrl()).replace(/\/+$/, "")}/keys`;
    const mail = spendAnomalyMail(key.email, key.locale === "en" ? "en" : "ru", {
      keyName: key.name,
      keyPrefix: key.prefix,
      hourMicro,
      dailyAverageMicro,
      factor: settings.factor,
      paused,
      keysUrl,
    });
    // The event and the pause stand either way; the owner also sees them on the security and keys pages.
    await sendMail(db, mail).catch((err: unknown) => getLogger().warn({ err, keyId: key.id }, "spend-anomaly mail failed"));
  }
  return found;
}
