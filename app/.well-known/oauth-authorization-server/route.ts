import { authorizationServerMetadata, CORS_HEADERS } from "@/server/oauth/metadata";

export const dynamic = "force-dynamic";

/** GET /.well-known/oauth-authorization-server (RFC 8414). */
export function GET() {
  return Response.json(authorizationServerMetadata(), { headers: { ...CORS_HEADERS, "cache-control": "public, max-age=3600" } });
}
