import { and, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { addDays, dayInZone, DEFAULT_TIME_ZONE, startOfDayInZone, type TimeZone } from "../../core/format/time";
import type { Db } from "../../db";
import { idInput } from "../../ids";
import { apiKeys, requests } from "../../db/schema";

/**
 * Usage is reported in whole calendar days of the reader's time zone (Moscow by default, as the ledger and the
 * statements): `from` and `to` are inclusive dates (YYYY-MM-DD).
 */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 7;
/** Ranges of up to this many days get an hourly series, longer ones a daily series. */
export const HOURLY_MAX_DAYS = 2;

export const isoDay = z.iso.date();

/** Filter fields shared by every usage procedure and the CSV export. */
export const usageFilterShape = {
  from: isoDay.optional(),
  to: isoDay.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  keyId: idInput("key").optional(),
  /** An organization's activity by member: the requests of the keys this member made. */
  memberId: idInput("usr").optional(),
};

/** `zone` is the reader's setting (never the request's input): the days and buckets are that zone's. */
export type UsageFilterInput = {
  from?: string;
  to?: string;
  model?: string;
  keyId?: string;
  memberId?: string;
  zone?: TimeZone;
  /** Only the requests of keys this member made (an organization's developer sees their own activity); never the request's input. */
  createdBy?: string;
};

export interface ResolvedRange {
  from: string;
  to: string;
  /** First instant of `from` in the zone. */
  start: Date;
  /** First instant after `to` in the zone. */
  end: Date;
  days: number;
  bucket: "hour" | "day";
  zone: TimeZone;
}

/** Fills in the defaults: the last 7 days up to today; a lone `from` runs to today, a lone `to` covers the 7 days before it. */
export function resolveRange(input: { from?: string; to?: string }, now = new Date(), zone: TimeZone = DEFAULT_TIME_ZONE): ResolvedRange {
  const today = dayInZone(now, zone);
  const to = input.to ?? (input.from && input.from > today ? input.from : today);
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const start = startOfDayInZone(from, zone);
  const end = startOfDayInZone(addDays(to, 1), zone);
  return { from, to, start, end, days, bucket: days <= HOURLY_MAX_DAYS ? "hour" : "day", zone };
}

/** zod refinement: `from` ≤ `to`, at most 366 days. */
export function checkRange(value: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (value.from && value.to && value.from > value.to) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" });
    return;
  }
  if (value.from || value.to) {
    const range = resolveRange(value);
    if (range.days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["from"], message: `at most ${MAX_RANGE_DAYS} days` });
  }
}

export const usageFiltersSchema = z.object(usageFilterShape).superRefine(checkRange);

export interface ScopedFilters extends ResolvedRange {
  userId: string;
  model?: string;
  keyId?: string;
  /** Every condition: the owner, the range and the optional model, key and member. */
  where: SQL;
}

/**
 * Resolves the filters for one user. Undefined when `keyId` is not one of the user's keys (or not one `createdBy`
 * made), or `memberId` names another member than `createdBy`, so callers answer NOT_FOUND rather than an empty
 * report that would confirm nothing about another user's key.
 */
export async function scopeUsageFilters(db: Db, userId: string, input: UsageFilterInput, now = new Date()): Promise<ScopedFilters | undefined> {
  if (input.createdBy && input.memberId && input.memberId !== input.createdBy) return undefined;
  const member = input.createdBy ?? input.memberId;
  if (input.keyId) {
    const [key] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.userId, userId), member ? eq(apiKeys.createdByUserId, member) : undefined));
    if (!key) return undefined;
  }
  const memberKeys = member
    ? inArray(requests.keyId, db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.userId, userId), eq(apiKeys.createdByUserId, member))))
    : undefined;
  const range = resolveRange(input, now, input.zone);
  const where = and(
    eq(requests.userId, userId),
    gte(requests.createdAt, range.start),
    lt(requests.createdAt, range.end),
    input.model ? eq(requests.model, input.model) : undefined,
    input.keyId ? eq(requests.keyId, input.keyId) : undefined,
    memberKeys,
  )!;
  return { ...range, userId, model: input.model, keyId: input.keyId, where };
}
