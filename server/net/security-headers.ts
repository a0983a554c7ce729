/** A year; subdomains are left out, they are the parent domain owner's to pin. */
const HSTS = "max-age=31536000";

/**
 * Headers for every response of the production server: pages, assets and the API. No response of ours is meant
 * to be shown inside another site (login and consent framed by someone else are clickjacking bait), so framing is
 * refused everywhere; the pages' CSP says the same with frame-ancestors.
 */
export function securityHeaders(publicUrl: string | undefined): Map<string, string> {
  const headers = new Map([
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "strict-origin-when-cross-origin"],
    ["x-frame-options", "DENY"],
  ]);
  // Only when users are sent to https: pinning a site served over plain http would lock them out.
  if (publicUrl?.startsWith("https://")) headers.set("strict-transport-security", HSTS);
  return headers;
}

/** A fresh nonce for one page response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The pages' Content-Security-Policy. Scripts run only with this response's nonce, which Next puts on its own
 * scripts; 'strict-dynamic' lets those load the chunks they import. Styles may be inline because React renders
 * style attributes, which no nonce can cover. There is no form-action: the OAuth consent form is answered with a
 * redirect to the app, and browsers hold the redirects after a form post to form-action too. Development needs
 * eval for React's error overlays.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
