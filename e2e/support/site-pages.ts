import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

export type Audience = "anon" | "user" | "admin";
export type SitePage = { name: string; path: string; audience: Audience };

/** What a dynamic or query-driven page needs to render its real content; `{userId}` is filled in by the spec. */
const TARGETS: Record<string, { path: string; audience?: Audience }> = {
  "/admin/users/[id]": { path: "/admin/users/{userId}" },
  // OpenRouter's PKCE flow: the consent form itself (it needs a callback and a challenge).
  "/auth": {
    path: "/auth?callback_url=http%3A%2F%2F127.0.0.1%3A9%2Fcallback&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGKSx-Q4kM&code_challenge_method=S256",
    audience: "user",
  },
  // An organization's invitation link (an unknown token: the page says the link is not valid).
  "/invite/[token]": { path: "/invite/unknown-invitation-token-0000" },
  "/oauth/authorize": { path: "/oauth/authorize?client_id=unknown-client&response_type=code", audience: "user" },
  "/oauth/error": { path: "/oauth/error?reason=invalid_client" },
  "/reset": { path: "/reset?token=expired-or-unknown" },
  "/verify": { path: "/verify?token=expired-or-unknown" },
};

function pageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : pageFiles(path);
    return entry.name === "page.tsx" ? [path] : [];
  });
}

/** `app/(portal)/admin/users/[id]/page.tsx` → `/admin/users/[id]` (route groups are not part of the address). */
function routeOf(file: string): { route: string; group: string | undefined } {
  const segments = relative("app", file).split(sep).slice(0, -1);
  const group = segments.find((segment) => /^\(.+\)$/.test(segment));
  return { route: `/${segments.filter((segment) => !/^\(.+\)$/.test(segment)).join("/")}`, group };
}

const nameOf = (route: string) =>
  route === "/" ? "landing" : route.slice(1).replace(/\[(\w+)\]/g, "$1").replace(/[^a-z0-9]+/gi, "-");

/**
 * Every page of the site, read from `app/**​/page.tsx` so a new page is covered the day it is added: pages of
 * the portal group are seen signed in (admin pages as an admin), the rest signed out; plus the 404 page both
 * ways and the landing page signed in. A dynamic page without an entry in TARGETS fails the spec.
 */
export function sitePages(): SitePage[] {
  const pages = pageFiles("app").map((file): SitePage => {
    const { route, group } = routeOf(file);
    const target = TARGETS[route];
    if (!target && route.includes("[")) throw new Error(`e2e/support/site-pages.ts: give ${route} an address in TARGETS`);
    const audience = target?.audience ?? (route.startsWith("/admin") ? "admin" : group === "(portal)" ? "user" : "anon");
    return { name: nameOf(route), path: target?.path ?? route, audience };
  });
  const extra: SitePage[] = [
    { name: "not-found", path: "/no-such-page", audience: "anon" },
    { name: "not-found", path: "/no-such-page", audience: "user" },
    { name: "landing", path: "/", audience: "user" },
  ];
  return [...pages, ...extra].sort((a, b) => `${a.audience}${a.name}`.localeCompare(`${b.audience}${b.name}`));
}
