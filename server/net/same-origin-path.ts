/**
 * Where a `next` or callbackUrl parameter may send someone: the path on `origin`'s site it names, or undefined
 * when following it would leave the site. Parsed the way a browser will read it (`/\evil.example` and
 * `/<tab>/evil.example` both mean `//evil.example` to it), never judged by its first characters.
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string | undefined {
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(origin).origin) return undefined;
  // `/.//evil.example` keeps the origin but its path starts with `//`, which, used as a link, is another host.
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
