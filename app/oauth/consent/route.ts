import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { BodyTooLargeError, readLimitedText } from "@/server/net/limited-body";
import { decideConsent } from "@/server/oauth/consent";

export const dynamic = "force-dynamic";

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

/** POST /oauth/consent: the consent form (approve with a cap, or deny) → 303 to the app or back to the form. */
export async function POST(request: Request) {
  let body: string;
  try {
    body = await readLimitedText(request);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return new Response(err.message, { status: 413, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    throw err;
  }
  const form = await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } })
    .formData()
    .catch(() => new FormData());
  const user = await getSessionUser();
  const outcome = await decideConsent(await getDb(), form, user?.id);
  if (outcome.kind === "redirect") return seeOther(outcome.url);
  if (outcome.kind === "retry") return seeOther(outcome.path);
  return seeOther(`/oauth/error?reason=${outcome.reason}`);
}
