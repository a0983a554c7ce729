import type { Db } from "../db";
import type { RequestSource } from "../services/audit/kinds";
import { recordAuditEvent } from "../services/audit/record-event";

/** A refused sign-in into a known account, in its owner's audit log. */
export function recordSignInFailure(db: Db, userId: string, reason: string, source: RequestSource): Promise<void> {
  return recordAuditEvent(db, { kind: "sign_in.failed", userId, source, data: { reason } });
}

export function recordSignInSuccess(db: Db, userId: string, method: string, source: RequestSource): Promise<void> {
  return recordAuditEvent(db, { kind: "sign_in.succeeded", userId, source, data: { method } });
}
