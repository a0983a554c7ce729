import { requestSource } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { CORS_HEADERS, withCors } from "@/server/oauth/metadata";
import { handleTokenRequest } from "@/server/services/oauth/token-endpoint";

export const dynamic = "force-dynamic";

/** POST /oauth/token (RFC 6749): authorization_code with PKCE, refresh_token with rotation. */
export async function POST(request: Request) {
  return withCors(await handleTokenRequest(await getDb(), request, new Date(), await requestSource()));
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
