import { getDb } from "@/server/db";
import { CORS_HEADERS, withCors } from "@/server/oauth/metadata";
import { handleRevokeRequest } from "@/server/services/oauth/revoke-endpoint";

export const dynamic = "force-dynamic";

/** POST /oauth/revoke (RFC 7009). */
export async function POST(request: Request) {
  return withCors(await handleRevokeRequest(await getDb(), request));
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
