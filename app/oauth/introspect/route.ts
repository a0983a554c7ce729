import { getDb } from "@/server/db";
import { handleIntrospectRequest } from "@/server/services/oauth/introspect-endpoint";

export const dynamic = "force-dynamic";

/** POST /oauth/introspect (RFC 7662), confidential clients only. */
export async function POST(request: Request) {
  return handleIntrospectRequest(await getDb(), request);
}
