import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { addDays, startOfDayInZone, type TimeZone } from "../../core/format/time";
import type { Db } from "../../db";
import { auditEvents, users } from "../../db/schema";
import { isoDay } from "../usage/filters";
import { AUDIT_KINDS, type AuditKind } from "./kinds";

export const pageShape = {
  /** The id of the last event of the previous page (pages run newest first). */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
};

/** What an admin may filter everyone's events by; days are whole days in the admin's zone (as the portal shows times), inclusive. */
export const auditFilterShape = {
  /** A user's id or email: their events and the ones they did. */
  user: z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f]+$/, "must be a user id or email").optional(),
  kind: z.enum(AUDIT_KINDS).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
};

/** `zone`: the one `from` and `to` are days in (Moscow when left out). */
export type AuditFilters = { user?: string; kind?: AuditKind; from?: string; to?: string; zone?: TimeZone };

/** zod refinement of the filters: `from` not after `to`. */
export function checkDays(value: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (value.from && value.to && value.from > value.to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" });
}

/** The filters as the CSV export's query string carries them. */
export const auditFiltersSchema = z.object(auditFilterShape).superRefine(checkDays);

/** Who did it, as the account's owner may know it: themselves, an administrator, or nobody signed in. */
export type ActorRole = "self" | "admin" | "system";

export interface OwnAuditEvent {
  id: number;
  kind: AuditKind;
  createdAt: Date;
  actor: ActorRole;
  subject: string | null;
  /** Hidden when an administrator acted: their address and browser are theirs, not the account owner's. */
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown> | null;
}

export interface AuditEventRow {
  id: number;
  kind: AuditKind;
  createdAt: Date;
  userId: string | null;
  userEmail: string | null;
  actorId: string | null;
  actorEmail: string | null;
  subject: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown> | null;
}

export interface AuditPage<T> {
  items: T[];
  nextCursor: number | null;
}

function page<T extends { id: number }>(rows: T[], limit: number): AuditPage<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** The user's own events, newest first: what happened to their account, whoever did it. */
export async function listOwnAuditEvents(db: Db, userId: string, input: { cursor?: number; limit: number }): Promise<AuditPage<OwnAuditEvent>> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.userId, userId), input.cursor ? lt(auditEvents.id, input.cursor) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  const items = rows.map((row): OwnAuditEvent => {
    const actor: ActorRole = row.actorId === null ? "system" : row.actorId === userId ? "self" : "admin";
    return {
      id: row.id,
      kind: row.kind as AuditKind,
      createdAt: row.createdAt,
      actor,
      subject: row.subject,
      ip: actor === "admin" ? null : row.ip,
      userAgent: actor === "admin" ? null : row.userAgent,
      data: row.data,
    };
  });
  return page(items, input.limit);
}

async function filterConditions(db: Db, filters: AuditFilters): Promise<SQL[]> {
  const conditions: SQL[] = [];
  if (filters.user) {
    const matches = await db
      .select({ id: users.id })
      .from(users)
      .where(or(eq(users.id, filters.user), eq(sql`lower(${users.email})`, filters.user.toLowerCase())));
    // The id itself too: the events of a deleted user still carry it.
    const ids = [...new Set([filters.user, ...matches.map((m) => m.id)])];
    conditions.push(or(inArray(auditEvents.userId, ids), inArray(auditEvents.actorId, ids))!);
  }
  if (filters.kind) conditions.push(eq(auditEvents.kind, filters.kind));
  if (filters.from) conditions.push(gte(auditEvents.createdAt, startOfDayInZone(filters.from, filters.zone)));
  if (filters.to) conditions.push(lt(auditEvents.createdAt, startOfDayInZone(addDays(filters.to, 1), filters.zone)));
  return conditions;
}

/** Everyone's events for admins, newest first, with the emails of the user and the actor. */
export async function listAuditEvents(db: Db, filters: AuditFilters & { cursor?: number; limit: number }): Promise<AuditPage<AuditEventRow>> {
  const owner = alias(users, "owner");
  const actor = alias(users, "actor");
  const conditions = await filterConditions(db, filters);
  if (filters.cursor) conditions.push(lt(auditEvents.id, filters.cursor));
  const rows = await db
    .select({
      id: auditEvents.id,
      kind: auditEvents.kind,
      createdAt: auditEvents.createdAt,
      userId: auditEvents.userId,
      userEmail: owner.email,
      actorId: auditEvents.actorId,
      actorEmail: actor.email,
      subject: auditEvents.subject,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .leftJoin(owner, eq(owner.id, auditEvents.userId))
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(filters.limit + 1);
  return page(
    rows.map((row) => ({ ...row, kind: row.kind as AuditKind })),
    filters.limit,
  );
}
