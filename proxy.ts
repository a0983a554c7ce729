import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/server/net/security-headers";

/**
 * Gives every page its CSP with a fresh nonce (Next reads the nonce from the request's policy and puts it on the
 * scripts it renders) and passes the requested path to server components (the portal layout sends people back
 * there after login).
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-xrouter-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = { matcher: ["/((?!api|_next|favicon.ico).*)"] };
