import type { Db } from "../db";
import { AMOUNT_RULES, parseRubInput } from "../core/format/rub";
import { checkAuthorizeRequest, checkOpenRouterRequest, denyRedirect, issueCode, type Consent } from "./authorize";
import { CAP_PERIODS, GRANT_EXPIRY_DAYS, type CapPeriod } from "./config";
import { readConsentTicket } from "./consent-ticket";

/** Parses the consent form's cap (whole kopecks, 0,01 to 1 000 000 ₽) and expiry; null when malformed. */
export function parseConsent(form: { cap?: string | null; period?: string | null; expiryDays?: string | null }, now = new Date()): Consent | null {
  const cap = parseRubInput(form.cap ?? "", AMOUNT_RULES);
  if (!cap.ok) return null;
  const capMicro = cap.micro;
  const period = form.period ?? "";
  if (!(CAP_PERIODS as readonly string[]).includes(period)) return null;
  const days = Number(form.expiryDays);
  if (!(GRANT_EXPIRY_DAYS as readonly number[]).includes(days)) return null;
  return { capMicro, capPeriod: period as CapPeriod, grantExpiresAt: days === 0 ? null : new Date(now.getTime() + days * 86_400_000) };
}

export type ConsentOutcome =
  | { kind: "redirect"; url: string }
  | { kind: "error"; status: number; reason: "form_expired" | "wrong_session" | "invalid_client" | "invalid_redirect_uri" | "invalid_request"; message: string }
  /** The form was fine but the cap was not: show the consent page again. */
  | { kind: "retry"; path: string };

/**
 * POST /oauth/consent: the user's decision on a consent page. The signed ticket ties the form to the user
 * it was shown to, and the original request is checked again (the app may have changed meanwhile).
 */
export async function decideConsent(db: Db, form: FormData, userId: string | undefined, now = new Date()): Promise<ConsentOutcome> {
  const ticket = readConsentTicket(String(form.get("ticket") ?? ""), now.getTime());
  if (!ticket) return { kind: "error", status: 400, reason: "form_expired", message: "the consent form has expired; start again from the app" };
  if (!userId || ticket.userId !== userId) return { kind: "error", status: 403, reason: "wrong_session", message: "this consent form belongs to another session" };
  const query = new URLSearchParams(ticket.query);
  const check = ticket.kind === "oauth" ? await checkAuthorizeRequest(db, query) : checkOpenRouterRequest(query);
  if (check.kind === "error_page") return { kind: "error", status: 400, reason: check.error, message: check.description };
  if (check.kind === "redirect") return check;
  const decision = form.get("decision");
  if (decision === "deny") return { kind: "redirect", url: denyRedirect(check.request) };
  if (decision !== "approve") return { kind: "error", status: 400, reason: "invalid_request", message: "unknown decision" };
  const consent = parseConsent(
    { cap: form.get("cap")?.toString(), period: form.get("period")?.toString(), expiryDays: form.get("expiryDays")?.toString() },
    now,
  );
  const base = ticket.kind === "oauth" ? "/oauth/authorize" : "/auth";
  if (!consent) {
    query.set("cap_error", "1");
    return { kind: "retry", path: `${base}?${query.toString()}` };
  }
  return { kind: "redirect", url: await issueCode(db, check.request, userId, consent, now) };
}
