import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import type { RequestSource } from "../services/audit/kinds";
import { recordAuditEvent, type AuditEventInput } from "../services/audit/record-event";

/** Records what an admin did in the portal: the admin is the actor, and the call's address is theirs. */
export function recordAdminAction(
  ctx: { db: Db; user: SessionUser; source?: RequestSource },
  event: Omit<AuditEventInput, "actorId" | "source" | "userId"> & { userId?: string | null },
): Promise<void> {
  return recordAuditEvent(ctx.db, { userId: null, ...event, actorId: ctx.user.id, source: ctx.source });
}
