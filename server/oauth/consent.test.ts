import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { openTrpcTestDb } from "../testing/trpc";
import { decideConsent, parseConsent } from "./consent";
import { createConsentTicket } from "./consent-ticket";
import { oauthApp, oauthUser, pkcePair, REDIRECT } from "../testing/oauth-client";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

describe("consent form", () => {
  it("parses the cap and expiry", () => {
    expect(parseConsent({ cap: "12,50", period: "day", expiryDays: "0" })).toEqual({ capMicro: 12_500_000, capPeriod: "day", grantExpiresAt: null });
    expect(parseConsent({ cap: "0", period: "day", expiryDays: "0" })).toBeNull();
    expect(parseConsent({ cap: "0,000001", period: "day", expiryDays: "0" })).toBeNull();
    expect(parseConsent({ cap: "1000000,01", period: "day", expiryDays: "0" })).toBeNull();
    expect(parseConsent({ cap: "0.01", period: "day", expiryDays: "0" })?.capMicro).toBe(10_000);
    expect(parseConsent({ cap: "5", period: "year", expiryDays: "0" })).toBeNull();
    expect(parseConsent({ cap: "5", period: "day", expiryDays: "3" })).toBeNull();
  });

  it("approve → code + state; deny → access_denied; another user's ticket and forged tickets are refused", async () => {
    const { client } = await oauthApp(handle.db);
    const user = await oauthUser(handle.db);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      code_challenge: pkcePair().challenge,
      code_challenge_method: "S256",
      scope: "chat",
      state: "s1",
    }).toString();
    const ticket = createConsentTicket({ kind: "oauth", userId: user.id, query });

    const approved = await decideConsent(handle.db, form({ ticket, decision: "approve", cap: "10", period: "month", expiryDays: "30" }), user.id);
    if (approved.kind !== "redirect") throw new Error("expected redirect");
    const url = new URL(approved.url);
    expect(url.searchParams.get("code")).toMatch(/^xrcode-/);
    expect(url.searchParams.get("state")).toBe("s1");

    const denied = await decideConsent(handle.db, form({ ticket, decision: "deny" }), user.id);
    if (denied.kind !== "redirect") throw new Error("expected redirect");
    expect(new URL(denied.url).searchParams.get("error")).toBe("access_denied");
    expect(new URL(denied.url).searchParams.get("state")).toBe("s1");

    const badCap = await decideConsent(handle.db, form({ ticket, decision: "approve", cap: "-1", period: "month", expiryDays: "30" }), user.id);
    expect(badCap.kind).toBe("retry");

    const other = await oauthUser(handle.db);
    expect(await decideConsent(handle.db, form({ ticket, decision: "approve", cap: "10", period: "month", expiryDays: "30" }), other.id)).toMatchObject({
      kind: "error",
      reason: "wrong_session",
    });
    expect(await decideConsent(handle.db, form({ ticket: `${ticket}x`, decision: "approve" }), user.id)).toMatchObject({ kind: "error", reason: "form_expired" });
    const stale = createConsentTicket({ kind: "oauth", userId: user.id, query }, Date.now() - 60 * 60_000);
    expect(await decideConsent(handle.db, form({ ticket: stale, decision: "approve" }), user.id)).toMatchObject({ kind: "error" });
  });
});
