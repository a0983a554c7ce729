/** Every kind of audit event, grouped by its prefix (the portal names and filters them by these). */
export const AUDIT_KINDS = [
  "sign_in.succeeded",
  "sign_in.failed",
  "sign_in.locked",
  "password.changed",
  "password.reset",
  "email.verified",
  "key.created",
  "key.renamed",
  "key.disabled",
  "key.enabled",
  "key.revoked",
  "key.spend_anomaly",
  "key.cache_changed",
  "key.cache_purged",
  "oauth.granted",
  "oauth.refresh_reuse_revoked",
  "oauth.code_replay_revoked",
  "admin.credits_added",
  "admin.price_set",
  "admin.markup_set",
  "admin.model_added",
  "admin.model_published",
  "admin.model_unpublished",
  "admin.provider_account_created",
  "admin.provider_account_updated",
  "admin.provider_account_credentials_replaced",
  "admin.provider_account_deleted",
  "admin.user_disabled",
  "admin.user_enabled",
  "admin.ip_lists_set",
  "admin.cache_hit_share_set",
  "admin.cache_purged",
  "topup.credited",
  "bank.payment_credited",
  "admin.bank_statement_imported",
  "admin.bank_payment_assigned",
  "admin.seller_requisites_set",
  "admin.vat_rate_added",
  "admin.legal_page_saved",
  "admin.closing_document_corrected",
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Where a request came from, as the transport saw it (server/auth/request-info.ts for portal requests). */
export interface RequestSource {
  ip?: string;
  userAgent?: string;
}
