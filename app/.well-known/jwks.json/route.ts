import { getDb } from "@/server/db";
import { CORS_HEADERS } from "@/server/oauth/metadata";
import { currentSigningKey, publicJwks } from "@/server/oauth/signing-keys";

export const dynamic = "force-dynamic";

/** GET /.well-known/jwks.json: the ES256 keys that verify access tokens (the signing key and recently retired ones). */
export async function GET() {
  const db = await getDb();
  await currentSigningKey(db); // the first request of a fresh install makes the first key
  return Response.json(await publicJwks(db), {
    headers: { ...CORS_HEADERS, "cache-control": "public, max-age=300", "content-type": "application/jwk-set+json" },
  });
}
