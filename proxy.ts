import { NextResponse, type NextRequest } from "next/server";

/** Passes the requested path to server components (the portal layout sends people back there after login). */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-xrouter-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api|_next|favicon.ico).*)"] };
