import { createHmac } from "node:crypto";
import { deriveSecret } from "../core/secrets";
import { sameString } from "./crypto";

/** How long a consent page may stay open before its form no longer works. */
const TICKET_TTL_MS = 15 * 60 * 1000;

/**
 * The consent form carries the original query and the user it was shown to, signed: a forged or replayed
 * form for another user (CSRF) fails, and the request is re-checked in full when the form comes back.
 */
export interface ConsentTicket {
  kind: "oauth" | "openrouter";
  userId: string;
  /** The original query string of /oauth/authorize or /auth. */
  query: string;
  exp: number;
}

const sign = (payload: string) => createHmac("sha256", deriveSecret("oauth-consent-ticket")).update(payload).digest("base64url");

export function createConsentTicket(ticket: Omit<ConsentTicket, "exp">, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...ticket, exp: now + TICKET_TTL_MS })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function readConsentTicket(value: string, now = Date.now()): ConsentTicket | null {
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined || !sameString(sign(payload), signature)) return null;
  try {
    const ticket = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as ConsentTicket;
    if (typeof ticket.exp !== "number" || ticket.exp <= now) return null;
    if (ticket.kind !== "oauth" && ticket.kind !== "openrouter") return null;
    if (typeof ticket.userId !== "string" || typeof ticket.query !== "string") return null;
    return ticket;
  } catch {
    return null;
  }
}
