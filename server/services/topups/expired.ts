/** The cancellation reasons the portal shows as "expired": YooKassa's, and ours for an abandoned checkout. */
export const EXPIRED_REASONS: readonly string[] = ["expired_on_confirmation", "expired"];
